"""The fast path for YAML case files: yaml-rs (in Rust) wherever it reads what the checking loader reads.

:func:`dealflow._input.parse_yaml` (PyYAML's safe loader, YAML 1.1, with lines and
limits) is the reference: whatever the fast parser (YAML 1.2) might read otherwise
is left to it, and it names the line of every error.  A big case file's events are
cut into chunks of whole events and read on a background thread while the caller
builds the events already read: yaml-rs scans the text without holding the GIL, so
on a machine with two cores reading and building overlap in part (it holds the GIL
while it makes the Python objects, most of its time) (:func:`read_yaml_fast`).
An event written alike at several places of a chunk is read once, and one
object stands at each of them (:class:`_Items`); so is a field's one-line
mapping repeated across a chunk's events (:class:`_Shared`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any

from ._input import LIMITS, yaml_loader

__all__ = ["Chunks", "NotFast", "parse_yaml_fast", "read_yaml_fast"]

# Text on which YAML 1.2 (the fast parser) and YAML 1.1 as PyYAML's safe loader reads
# it may differ, or that the checking loader refuses: left to the checking loader.
_FAST_AVOIDED = re.compile(
    r"(?:^|[\s\[{,:])(?:"  # at the start of a scalar (one prefix for all: the search is twice as fast)
    r"[!&]"  # a tag, an anchor (after a colon too, to share the prefix: only more often avoided)
    r"|[-+]?(?:0[0-9a-zA-Z_]|[._][0-9a-zA-Z])"  # 017 is octal in 1.1; 0o17, 0X1F, _1, +.5 text
    r"|[|>][-+0-9]* *(?:#.*)?$"  # block scalars: their ends differ
    r"|[@`]|\?(?:[\s,\]}]|$)"  # indicators starting a scalar; complex keys
    r"|[-+]?[0-9._]*_"  # __9 is a number to the fast parser
    r")"
    r"|^(?:%|---|\.\.\.)"  # directives, documents
    r"|[0-9.][eE][-+]?[0-9]"  # 1e3 is text in 1.1
    r"|:[,\]}]"  # [a:, b] holds a mapping in 1.2 only
    r"|\t"  # tabs, where 1.1 refuses them
    r"|\\u[dD][89a-fA-F]"  # escaped surrogates: 1.2 pairs them as JSON does
    r"|[\[{,]\s*[?:|>@`%]"  # indicators starting a flow scalar
    r"|[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010ffff]",
    re.MULTILINE,  # the last: NEL, line and paragraph separators, a BOM and what 1.1 does not print
)
_FLOW_LINE = re.compile(r"^.*[\[{\]}].*$", re.MULTILINE)
_FAST_VALUES = (str, int, float, bool, type(None))
_TOKEN = re.compile(r"[-+0-9A-Za-z._:~<=]{1,40}")

#: a file at least this long (in characters) has its events read in chunks of about this size
CHUNK_CHARS = 256 * 1024
#: the most distinct one-line field mappings of a chunk written as markers (see _Shared)
MARKED_LINES = 16
_EVENTS_KEY = re.compile(r"\nevents:[ ]*(?:#[^\n]*)?\n")  # the header's ``events:``, the list below it
_QUIET = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*")  # blank and comment lines
_FIRST_ITEM = re.compile(r"( *)-(?: |\n)")
_HEADER_LINE = re.compile(r"\n[^ \n#-]")


class NotFast(Exception):
    """What the fast parser read must be read by the checking loader instead."""


def parse_yaml_fast(text: str, file: str, *, shared: Iterable[str] = ()) -> dict[Any, Any] | None:
    """A YAML mapping read by the fast parser when that is sure to give what
    :func:`dealflow._input.parse_yaml` gives, as plain dicts (no lines); ``None``
    when ``parse_yaml`` must read it: the fast parser is missing, the text holds
    anything on which the two YAML versions differ (tags, anchors used by aliases,
    several documents, octal or exponent numbers, text the safe loader would read
    as another type, non-printable characters), the document is not a mapping, or
    it holds an error or is over a limit (the checking loader then names its line).
    In a big file, the one-line mappings of the event fields named in ``shared``
    are read once each, and events that wrote one alike share it (see :class:`_Shared`).
    """
    read = read_yaml_fast(text, file, shared=shared)
    if read is None:
        return None
    data, chunks = read
    if chunks is not None:
        try:
            data["events"] = [item for chunk in chunks for item in chunk]
        except NotFast:
            return None
    return data


def read_yaml_fast(text: str, file: str, *, shared: Iterable[str] = ()) -> tuple[dict[Any, Any], Chunks | None] | None:
    """:func:`parse_yaml_fast`, with a big file's events still being read: the
    document, and ``None`` or the chunks of its ``events:`` list in order (the
    document's own ``events`` is then ``[]``).  Each chunk is read on a
    background thread and checked as it is taken; taking one raises
    :class:`NotFast` when the checking loader must read the file after all.
    Close the chunks (``chunks.close()``) when not taking them all: that stops
    the reading."""
    if len(text) > LIMITS["file_bytes"]:
        return None
    try:
        import yaml_rs  # noqa: F401  # only to learn that it is there
    except ImportError:  # pragma: no cover - an installation without the fast parser
        return None
    split = _split(text) if len(text) >= CHUNK_CHARS else None
    if split is None:
        if not _plain_enough(text):
            return None
        data = _loads(text)
        if not isinstance(data, dict):
            return None
        try:
            _Agreement().add(data, 1)
        except NotFast:
            return None
        return data, None
    header, parts, indent = split
    from concurrent.futures import ThreadPoolExecutor

    marking = _Shared(indent, shared) if shared else None
    read = _Items(indent, marking).read
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dealflow-yaml")
    futures = [pool.submit(read, part) for part, _ in parts]  # read while this thread checks and builds
    pool.shutdown(wait=False)
    chunks = Chunks(futures, [count for _, count in parts], _Agreement(), marking)
    try:
        if not _plain_enough(header):  # (each chunk's lines are checked as it is read)
            raise NotFast
        data = _loads(header)
        if not isinstance(data, dict) or data.get("events") != [] or type(data["events"]) is not list:
            raise NotFast
        chunks.agreement.add(data, 1)
    except NotFast:
        chunks.close()
        return None
    return data, chunks


_REFUSED = object()  # what _loads gives for text the fast parser refuses


def _loads(text: str) -> Any:
    import yaml_rs

    try:
        return yaml_rs.loads(text, parse_datetime=False, alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=0))
    except Exception:  # noqa: BLE001 - any refusal: the checking loader names it
        return _REFUSED


class Chunks:
    """The chunks of a big file's events, read in the background, in order: each
    holds as many events as its text starts and is checked as it is taken
    (:class:`NotFast` when the checking loader must read the file after all).
    :meth:`close` cancels the reading not yet started, whether or not any chunk
    was taken."""

    def __init__(
        self, futures: list[Any], counts: list[int], agreement: _Agreement, shared: _Shared | None = None
    ) -> None:
        self.futures = futures
        self.counts = counts
        self.agreement = agreement
        self.shared = shared
        self.taken = 0

    def __iter__(self) -> Iterator[list[Any]]:
        return self

    def __next__(self) -> list[Any]:
        if self.taken == len(self.futures):
            raise StopIteration
        try:
            items, distinct, times, written = self.futures[self.taken].result()
            if type(items) is not list or len(items) != self.counts[self.taken]:
                raise NotFast
            if self.shared is not None:
                self.shared.restore(items if distinct is None else distinct, written, self.agreement)
            if distinct is None:
                self.agreement.add(items, 2, part=True)
            else:  # each distinct event walked once, counted at each of its places
                self.agreement.add(distinct, 2, part=True, times=times)
        except NotFast:
            self.close()
            raise
        self.taken += 1
        return items

    def close(self) -> None:
        """Stop reading: the chunks not started are cancelled (one being read ends on its own)."""
        for future in self.futures:
            future.cancel()


class _Items:
    """Reads a chunk of a big file's events on the background thread, each
    distinct event once: a big case repeats whole events (the same offer, review
    or decision on the same day), and an event written alike, to the character,
    is read alike wherever it stands.  The chunk's text is cut at its item lines
    (a line at the items' indent starting ``- ``: where :func:`_split` cuts the
    chunks, and, as there, the chunk is refused unless it reads as exactly that
    many items); the distinct items are read as one list, in their first order
    (with the one-line mappings of ``marking``'s fields written as markers, see
    :class:`_Shared`), and the chunk's items are those objects, each at every
    place it was written."""

    def __init__(self, indent: str, marking: _Shared | None) -> None:
        self.first = indent + "- "
        self.item = "\n" + indent + "- "
        self.bare = "\n" + indent + "-\n"
        self.read_text = marking.read if marking is not None else lambda text: (_loads(text), 0)

    def read(self, text: str) -> tuple[Any, list[Any] | None, list[int], int]:
        """The chunk's items; the distinct ones (``None`` when each is written once)
        and how many times each is; and how many markers were written."""
        first, item = self.first, self.item
        if not text.startswith(first) or self.bare in text:  # (a bare item line: the counts will differ)
            return self._whole(text)
        pieces = text[len(first) : -1 if text.endswith("\n") else None].split(item)  # (the last, as the others)
        counted = Counter(pieces)  # (in the order first written)
        if len(counted) == len(pieces):
            return self._whole(text)
        distinct = list(counted)
        # the distinct items' text has the chunk's lines (fewer times): it is checked for the chunk
        text = first + item.join(distinct) + "\n"
        if not _plain_enough(text):
            return _REFUSED, None, [], 0
        read, written = self.read_text(text)
        if type(read) is not list or len(read) != len(distinct):
            return _REFUSED, None, [], 0
        items = list(map(dict(zip(distinct, read, strict=True)).__getitem__, pieces))
        return items, read, list(counted.values()), written

    def _whole(self, text: str) -> tuple[Any, None, list[int], int]:
        """:meth:`read` of a chunk read as it is (nothing shared)."""
        if not _plain_enough(text):
            return _REFUSED, None, [], 0
        read, written = self.read_text(text)
        return read, None, [], written


class _Shared:
    """The one-line flow mappings of a big file's events, each read once: a big
    case repeats its offers' terms, and over a third of what yaml-rs would make
    of the 100,000-event benchmark case is in them.

    On the reading thread (:meth:`read`), an event's field written on one line as
    a flow mapping (``    terms: {structure: sale, ...}``, at the indent of the
    events' fields; the fields are the caller's: a case's reader names those whose
    values are mappings) is written as a marker instead: a quoted text holding a nonce
    drawn for this file, the same marker for the same line (the most frequent
    :data:`MARKED_LINES` distinct lines of each chunk).  Each distinct line's
    mapping is read once on its own (``v: {...}``); one that is not a mapping
    when read alone stays in place.  Taking the chunk (:meth:`restore`) puts the
    mapping back in place of each marker, one object for all the fields that wrote
    it alike (the reader of a case only reads them), and checks that every marker
    came back as a field's whole value.  (A line at the fields' indent is a field
    wherever yaml-rs reads the chunk: it refuses a quoted text continued there.)
    Should a marker be found anywhere else, or a text of the file name one, the
    file goes to the checking loader: the markers found must be those written,
    and the agreement check refuses any text holding the nonce's random part
    (drawn for each file: no file holds it, but by a chance of 2**-64).
    """

    def __init__(self, indent: str, fields: Iterable[str]) -> None:
        import os

        self.nonce = "\x01" + os.urandom(8).hex()  # a character no fast-read file holds, then 64 random bits
        names = "|".join(sorted(re.escape(name) for name in fields))
        # each line of those fields, with its field and mapping (searched from the newline before
        # it: a chunk starts with an item line, and ends a line)
        self.line = re.compile(rf"\n({indent}  ({names}): (\{{[^\n]*\}})[ ]*)(?=\n)")
        self.marked: dict[str, tuple[str, str] | None] = {}  # by line: it marked, and its field (None: as is)
        self.values: dict[str, dict[Any, Any]] = {}  # by marker as read: the mapping
        self.keys: set[str] = set()  # the fields that held a marker

    def read(self, text: str) -> tuple[Any, int]:
        """What the fast parser reads of a chunk's ``text`` with its one-line
        mappings written as markers, and how many were.  The lines are found and
        replaced at C speed, the most frequent first, at most
        :data:`MARKED_LINES` distinct ones in a chunk (each costs a pass over it)."""
        found = self.line.findall(text)
        written = 0
        if found:
            for (line, key, flow), _ in Counter(found).most_common(MARKED_LINES):
                marked = self.marked[line] if line in self.marked else self._marked(line, key, flow)
                if marked is None:
                    continue
                old = "\n" + line + "\n"
                times = text.count(old)
                if times:
                    text = text.replace(old, "\n" + marked[0] + "\n")
                    written += times
                    self.keys.add(key)
        return _loads(text), written

    def _marked(self, line: str, key: str, flow: str) -> tuple[str, str] | None:
        read = _loads("v: " + flow)
        if type(read) is not dict or len(read) != 1 or type(read.get("v")) is not dict:
            self.marked[line] = None  # not a mapping read alone (an error, say): the chunk reads it in place
            return None
        name = f"{self.nonce}{len(self.values)}"
        self.values[name] = read["v"]
        indent = line[: len(line) - len(line.lstrip(" "))]
        marked = self.marked[line] = f'{indent}{key}: "\\x01{name[1:]}"', key  # the nonce's first character escaped
        return marked

    def restore(self, items: list[Any], written: int, agreement: _Agreement) -> None:
        """Put each marker of a chunk's ``items`` back as its mapping; :class:`NotFast`
        unless exactly the ``written`` markers are found, each as a field's value.
        The ``agreement`` check walks each shared mapping once."""
        if not written:
            return
        values, keys, walked = self.values, tuple(self.keys), agreement.walked
        found = 0
        for item in items:
            if type(item) is dict:
                for key in keys:
                    value = item.get(key)
                    if type(value) is str:
                        mapping = values.get(value)
                        if mapping is not None:
                            item[key] = mapping
                            walked.setdefault(id(mapping), -1)
                            found += 1
        if found != written:
            raise NotFast
        agreement.nonce = self.nonce[1:]  # (a text that swallowed a marker holds it escaped, or read)


def _split(text: str) -> tuple[str, list[tuple[str, int]], str] | None:
    """The header (the text with ``events: []``, the list's leading comments kept), the events list's text in
    chunks of whole events, each with the number of events it starts, and the
    indent of the list's items; ``None``
    unless the text has one ``events:`` key at the left margin followed by a
    block list (anything else is read whole).  Only the item lines of that list
    start events: a line indented as the list's ``- `` and starting with one.
    (Each search starts with a newline: the regular expressions then skip ahead
    to the next newline instead of trying every character.)"""
    if "\r" in text:
        return None
    text = "\n" + text  # each line starts after a newline; positions below are one ahead
    keys = _EVENTS_KEY.finditer(text)
    key = next(keys, None)
    if key is None or next(keys, None) is not None:
        return None
    start = _QUIET.match(text, key.end()).end()  # type: ignore[union-attr]  # matches the empty text at least
    first = _FIRST_ITEM.match(text, start)
    if first is None:
        return None
    indent = " " * len(first.group(1))
    # the list ends at the next line of the header: one at the margin, not a comment or an item
    # (a line indented less than the items, or as much but not an item, is an error in YAML: the
    # chunk holding it is refused, and the file goes to the checking loader)
    found = _HEADER_LINE.search(text, start - 1)
    end = len(text) if found is None else found.start() + 1
    item, bare = f"\n{indent}- ", f"\n{indent}-\n"  # an item's first line, after the newline before it
    cuts = [start]
    while (at := cuts[-1] + CHUNK_CHARS) < end:
        cut = text.find(item, at, end)
        if cut < 0:
            break
        cuts.append(cut + 1)
    cuts.append(end)
    parts = [(text[a:b], text.count(item, a - 1, b) + text.count(bare, a - 1, b)) for a, b in pairwise(cuts)]
    # the header keeps the ``events:`` line's comment and the blank and comment lines before the
    # first item (no chunk holds them): the checks of the header read every line of the file
    lead = text[key.start() + len("\nevents:") : start]
    return text[1 : key.start() + 1] + "events: []" + lead + text[end:], parts, indent


def _plain_enough(text: str) -> bool:
    """Whether ``text`` holds none of :data:`_FAST_AVOIDED` and no flow collection
    over several lines.  Each rule reads one line, so each distinct line is read
    once (a big case file repeats its lines: types, actors, dates, terms)."""
    if "\r" in text:
        text = text.replace("\r", "\n")
    sample = "\n".join(set(text.split("\n")))
    if _FAST_AVOIDED.search(sample):
        return False
    for line in _FLOW_LINE.findall(sample):  # a flow collection over several lines: 1.1 is stricter there
        if line.count("[") + line.count("{") != line.count("]") + line.count("}"):
            return False
    return True


class _Agreement:
    """Whether plain data from the fast parser, taken part by part, is within the
    limits, holds only what the checking loader makes (text and whole-number keys,
    no other types) and no text that YAML 1.1 would read as another type when
    written plain (:meth:`add` raises :class:`NotFast` when not)."""

    def __init__(self) -> None:
        self.count = 0
        self.seen: set[str] = set()
        # the mappings that several events share (see _Shared): id -> its count of values, -1 until walked
        self.walked: dict[int, int] = {}
        self.nonce = ""  # the markers' nonce (its random part), which no text may hold once markers were put back

    def add(
        self, value: dict[Any, Any] | list[Any], level: int, *, part: bool = False, times: list[int] | None = None
    ) -> None:
        """Check ``value`` at nesting ``level``; ``part`` for a chunk of a list
        already counted (its own list node is not counted again); ``times``, for
        a list, how many times each of its items stands in the data (each is
        walked once and counted that many times)."""
        texts: set[str] = set()
        # the checking loader counts a whole number's characters, its sign too, against the limit:
        # a number of int_bits bits or fewer has at most one digit less, and so passes however it is
        # written; any longer one is left to the checking loader
        int_bits = (10 ** (LIMITS["int_digits"] - 1)).bit_length() - 1
        args = (texts, LIMITS["depth"], int_bits, self.walked)
        if times is None:
            self.count += _fast_walk(value, level, *args) - part
        else:
            count = 1 - part
            scalars = []  # (checked by one walk below; each counts as one)
            for item, n in zip(value, times, strict=True):
                if type(item) is dict or type(item) is list:
                    count += n * _fast_walk(item, level + 1, *args)
                else:
                    scalars.append(item)
                    count += n
            _fast_walk(scalars, level, *args)
            self.count += count
        if self.count > LIMITS["nodes"]:
            raise NotFast
        if self.seen:
            texts -= self.seen
        self.seen |= texts
        if self.nonce and any(self.nonce in text for text in texts):
            raise NotFast  # a marker not put back: somewhere other than a field's whole value
        _check_texts(texts)


def _check_texts(texts: Iterable[str]) -> None:
    max_chars = LIMITS["string_chars"]
    resolvers = yaml_loader().yaml_implicit_resolvers
    anywhere = resolvers.get(None, [])
    other: list[str] = []  # texts that YAML 1.1 reads as another type when they are written plain
    for text in texts:
        if len(text) > max_chars:
            raise NotFast
        if text and any(rx.match(text) for _, rx in [*resolvers.get(text[0], ()), *anywhere]):
            if not _TOKEN.fullmatch(text):
                raise NotFast
            other.append(text)
    if other:
        # each was quoted (then both read text) only if the fast parser too reads it
        # as another type when plain: yes, 12:30, <<, = are text in YAML 1.2
        plain = _loads("".join(f"- {text}\n" for text in other))
        if not isinstance(plain, list) or len(plain) != len(other) or any(type(x) is str for x in plain):
            raise NotFast


def _fast_walk(
    value: dict[Any, Any] | list[Any], level: int, texts: set[str], depth: int, int_bits: int, walked: dict[int, int]
) -> int:
    """The values in ``value`` (keys counted), its texts gathered into ``texts``;
    :class:`NotFast` when it is too deep, holds a type or a key that the checking
    loader would not make, or a whole number over the limit.  A mapping in
    ``walked`` (one that several events share, always as a field's value, so at
    one level) is walked once and counted again each time it recurs."""
    if level > depth:
        raise NotFast
    count = 1
    if type(value) is dict:
        count += len(value)
        for key in value:
            if type(key) is str:
                texts.add(key)
            elif type(key) is not int or key.bit_length() > int_bits:
                raise NotFast  # 1 and true (or 1.0) are one key to Python, two to the fast parser
        items: Iterable[Any] = value.values()
    else:
        items = value
    for item in items:
        kind = type(item)
        if kind is str:
            texts.add(item)
            count += 1
        elif kind is dict or kind is list:
            done = walked.get(id(item)) if walked else None
            if done is None:
                count += _fast_walk(item, level + 1, texts, depth, int_bits, walked)
            elif done >= 0:
                count += done
            else:
                done = walked[id(item)] = _fast_walk(item, level + 1, texts, depth, int_bits, walked)
                count += done
        elif kind is int:
            if item.bit_length() > int_bits:
                raise NotFast
            count += 1
        elif kind in _FAST_VALUES:
            count += 1
        else:
            raise NotFast
    return count
