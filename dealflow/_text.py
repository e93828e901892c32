"""Text wrapping for the reports, as :func:`textwrap.wrap` does it, faster.

A report of a big case wraps hundreds of thousands of lines; ``textwrap.wrap``
builds a wrapper and runs its word-splitting expression on each (about two thirds
of formatting a timeline).  :func:`wrap` gives exactly what ``textwrap.wrap(text,
width)`` gives (``tests/test_text.py`` checks it on random texts): a line that fits
is returned as it is, and text whose words are split only at spaces (no tabs or
other whitespace, no hyphen after a letter, no ``--``, no word or run of spaces
longer than the width) is filled greedily here; anything else goes to textwrap.
"""

from __future__ import annotations

import re
import textwrap

__all__ = ["wrap"]

# where textwrap splits a word other than at a space: a hyphen after a letter, an
# em-dash (--); and whitespace it turns into spaces first
_HYPHEN = re.compile(r"[^\d\W]-|--")
_SPACES = re.compile(r"( +)")


def _spaces_only(text: str) -> bool:
    """No whitespace but the space: textwrap turns tabs and newlines into spaces,
    and drops a chunk of other whitespace (NEL, a line separator) as it would spaces."""
    return text.isprintable() or all(c == " " or not c.isspace() for c in text)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent)``."""
    room = width - len(indent)
    if room <= 0:  # textwrap itself would loop forever on a long word
        raise ValueError(f"width {width} leaves no room after an indent of {len(indent)}")
    if len(text) <= room and text and text[-1] != " " and _spaces_only(text):
        return [indent + text]  # one line, hyphens and all; a text of spaces only ends in a space
    if ("-" in text and _HYPHEN.search(text)) or not _spaces_only(text):
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent)
    if text.startswith(" ") or "  " in text:
        return _runs(text, room, indent, width)
    # single spaces between words: each line ends at the last space that fits
    lines: list[str] = []
    start, end = 0, len(text)
    while end - start > room:
        cut = text.rfind(" ", start, start + room + 1)
        if cut <= start:
            return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent)  # a long word
        lines.append(indent + text[start:cut])
        start = cut + 1
    if start < end and text[end - 1] == " ":
        end -= 1  # the one trailing space
    if start < end:
        lines.append(indent + text[start:end])
    return lines


def _runs(text: str, room: int, indent: str, width: int) -> list[str]:
    """:func:`wrap` of text with runs of spaces (or leading ones), chunk by chunk as textwrap does."""
    chunks = [c for c in _SPACES.split(text) if c]
    if max(map(len, chunks), default=0) > room:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent)
    lines: list[str] = []
    i, n = 0, len(chunks)
    while i < n:
        if lines and chunks[i][0] == " ":
            i += 1  # a line after the first does not start with spaces
            if i == n:
                break
        line: list[str] = []
        used = 0
        while i < n and used + len(chunks[i]) <= room:
            used += len(chunks[i])
            line.append(chunks[i])
            i += 1
        if line and line[-1][0] == " ":
            line.pop()  # nor end with them
        if line:
            lines.append(indent + "".join(line))
    return lines
