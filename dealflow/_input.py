"""Reading untrusted input safely: limits, strict parsers and short messages.

Case files and event data come from users and from the web.  This module reads
them within fixed limits (:data:`LIMITS`), refuses duplicate keys in YAML and
JSON, keeps the line of every YAML mapping and key so that errors can name it,
and gives the helpers that keep messages short (:func:`abbrev`) and helpful
(:func:`did_you_mean`, :func:`one_of`).  Every refusal is a
:class:`~dealflow.LimitError` or :class:`~dealflow.InputError`.
"""

from __future__ import annotations

import difflib
import json
import re
import reprlib
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._errors import DealflowError, InputError, LimitError

__all__ = [
    "LIMITS",
    "LineDict",
    "abbrev",
    "article",
    "check_decimal",
    "check_fraction",
    "check_tree",
    "did_you_mean",
    "line_of",
    "number_text",
    "one_of",
    "parse_json",
    "parse_yaml",
    "read_text",
    "yaml_loader",
]

#: The limits on input, each refused with a :class:`LimitError` naming it.
LIMITS: dict[str, int] = {
    "file_bytes": 32 * 1024 * 1024,  # a case file (the TikTok case is about 40 KB; 100,000 events about 16 MB)
    "string_chars": 100_000,  # one string: a name, a note, a description
    "depth": 32,  # nesting of mappings and lists
    "nodes": 4_000_000,  # values in a document, aliases expanded (100,000 events hold about 1.8 million)
    "int_digits": 30,  # digits of a whole number
    "number_digits": 50,  # significant digits of an exact number (a stake, a price)
    "number_exponent": 50,  # the decimal exponent of a number, either way: 1e50 and 1e-50
    "number_chars": 200,  # characters of a number written as text
}

_MESSAGE_REPR = reprlib.Repr()
_MESSAGE_REPR.maxstring = 60
_MESSAGE_REPR.maxother = 60
_MESSAGE_REPR.maxlong = 40
_MESSAGE_REPR.maxlevel = 2
for _name in ("maxlist", "maxtuple", "maxdict", "maxset", "maxfrozenset", "maxdeque", "maxarray"):
    setattr(_MESSAGE_REPR, _name, 4)


def abbrev(value: object) -> str:
    """A short repr of ``value`` for a message: long strings, deep or long
    containers and huge numbers are cut (``'aaaa...aaa'``, ``[1, 2, 3, 4, ...]``),
    without building the full repr first."""
    try:
        return _MESSAGE_REPR.repr(value)
    except Exception:  # noqa: BLE001 - a value whose repr fails is still named
        return f"<{type(value).__name__}>"


def article(word: object) -> str:
    """``word`` with its indefinite article, for messages: "a bidder", "an investor",
    "an other", "an interim order"."""
    text = str(word)
    return f"{'an' if text and text[0].lower() in 'aeiou' else 'a'} {text}"


def one_of(names: Iterable[object], limit: int = 12) -> str:
    """``names`` joined by commas, at most ``limit`` of them, then how many more."""
    shown: list[str] = []
    more = 0
    for name in names:
        if len(shown) < limit:
            shown.append(str(name) if len(str(name)) <= 60 else abbrev(name))
        else:
            more += 1
    text = ", ".join(shown) or "none"
    return f"{text} and {more} more" if more else text


def did_you_mean(name: object, choices: Iterable[str]) -> str:
    """``" (did you mean 'X'?)"`` when ``name`` is close to one of ``choices``, else ``""``."""
    if not isinstance(name, str) or len(name) > 200:
        return ""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# ---------------------------------------------------------------------- numbers

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_RATIO = re.compile(r"[+-]?[0-9]+/[0-9]+")


def number_text(text: str, field: str, *, ratio: bool = False) -> str:
    """``text`` stripped when it is a plain ASCII decimal (``0.199``, ``14e9``)
    or, when ``ratio``, ``n/d``; anything else (other digits, ``1_0``, a huge
    text) is refused naming ``field``."""
    if len(text) > LIMITS["number_chars"]:
        msg = f"a number of {len(text)} characters is over the limit of {LIMITS['number_chars']}"
        raise LimitError(msg, field=field, fix="write the number with fewer digits")
    text = text.strip()
    if _DECIMAL.fullmatch(text) or (ratio and _RATIO.fullmatch(text)):
        return text
    how = "0.2, '1/5' or '20%'" if ratio else "14e9 or 1000000"
    raise InputError(f"{abbrev(text)} is not a number", field=field, fix=f"write it with ASCII digits, like {how}")


def check_decimal(value: Decimal, field: str) -> Decimal:
    """``value`` when finite and within the digit and exponent limits."""
    if not value.is_finite():
        raise InputError(f"{abbrev(value)} is not finite", field=field, fix="write a finite number")
    if not value:
        return value
    digits = len(value.as_tuple().digits)
    exponent = value.adjusted()
    if digits > LIMITS["number_digits"] or abs(exponent) > LIMITS["number_exponent"]:
        msg = (
            f"{abbrev(value)} is over the limits of {LIMITS['number_digits']} significant digits "
            f"and a decimal exponent within +-{LIMITS['number_exponent']}"
        )
        raise LimitError(msg, field=field, fix="write a number of ordinary size and precision")
    return value


def check_fraction(value: Fraction, field: str) -> Fraction:
    """``value`` when its numerator and denominator are within the digit limit."""
    bits = LIMITS["number_digits"] * 10 // 3 + 1  # about number_digits decimal digits
    if value.numerator.bit_length() > bits or value.denominator.bit_length() > bits:
        msg = f"{abbrev(value)} is over the limit of about {LIMITS['number_digits']} digits"
        raise LimitError(msg, field=field, fix="write a number of ordinary size and precision")
    return value


# ---------------------------------------------------------------------- reading


def read_text(path: str, *, what: str = "case file") -> str:
    """The UTF-8 text of the file at ``path``, refused when over ``LIMITS['file_bytes']``
    (a device such as /dev/zero is refused the same way, never read to the end)."""
    limit = LIMITS["file_bytes"]
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as err:
        raise InputError(
            f"cannot read the {what}: {err.strerror or err}", file=path, fix=f"give the path of a {what}"
        ) from None
    if len(data) > limit:
        msg = f"the {what} is over the limit of {limit} bytes"
        raise LimitError(msg, file=path, fix=f"split it, or give a {what} of at most {limit} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"the {what} is not UTF-8 text", file=path, fix="save it as UTF-8") from None


class LineDict(dict[Any, Any]):
    """A mapping read from YAML that knows its line (``line``) and the line of
    each of its keys (``key_lines``), counted from 1."""

    __slots__ = ("key_lines", "line")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line: int | None = None
        self.key_lines: dict[Any, int] = {}


def line_of(data: object, field: object = None) -> int | None:
    """The line of the key ``field`` (or of its first part, ``terms`` for
    ``terms.price``) in ``data``, else the line of ``data``."""
    if not isinstance(data, LineDict):
        return None
    lines = data.key_lines
    try:
        if field in lines:
            return lines[field]
    except TypeError:
        return data.line
    if isinstance(field, str):
        key = re.split(r"[.\[]", field, maxsplit=1)[0]
        if key in lines:
            return lines[key]
    return data.line


def _too_long(length: int, line: int | None, file: str) -> LimitError:
    msg = f"a string of {length} characters is over the limit of {LIMITS['string_chars']}"
    return LimitError(msg, file=file, line=line, fix="shorten it")


def yaml_loader() -> Any:
    """A subclass of YAML's safe loader (the C one when available): dates stay
    text, duplicate keys are refused, mappings keep their lines, and the node
    graph is checked against the limits before anything is constructed."""
    if _LOADER:
        return _LOADER[0]
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {
        first: [(tag, rx) for tag, rx in rules if tag != "tag:yaml.org,2002:timestamp"]
        for first, rules in base.yaml_implicit_resolvers.items()
    }

    def construct_document(self: Any, node: Any) -> Any:
        _check_nodes(node, self.dealflow_file)
        return base.construct_document(self, node)

    def construct_map(self: Any, node: Any) -> Any:
        data = LineDict()
        data.line = node.start_mark.line + 1
        yield data
        lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node)
            try:
                first = lines.get(key)
            except TypeError:
                continue  # an unhashable key: construct_mapping refuses it
            line = key_node.start_mark.line + 1
            if first is not None:
                raise InputError(
                    f"key {abbrev(key)} is given twice (first at line {first})",
                    field=str(key)[:60],
                    file=self.dealflow_file,
                    line=line,
                    fix="keep one of them",
                )
            lines[key] = line
        data.update(self.construct_mapping(node))
        data.key_lines = lines

    loader = type(
        "CaseLoader",
        (base,),
        {"yaml_implicit_resolvers": resolvers, "construct_document": construct_document, "dealflow_file": ""},
    )
    loader.add_constructor("tag:yaml.org,2002:map", construct_map)  # type: ignore[attr-defined]
    _LOADER.append(loader)
    return loader


_LOADER: list[Any] = []
_INT_TAG = "tag:yaml.org,2002:int"


def _check_nodes(root: Any, file: str) -> None:
    """Refuse a node graph that is cyclic, too deep, too large once aliases are
    expanded, or holds a string or whole number over the limits."""
    import yaml

    size: dict[int, int] = {}  # node id -> values under it, aliases expanded
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            kids = _children(node, yaml)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            line = node.start_mark.line + 1
            if size[key] > LIMITS["nodes"]:
                msg = f"the document holds over {LIMITS['nodes']} values once its aliases are expanded"
                raise LimitError(msg, file=file, line=line, fix="write fewer values, or fewer nested aliases")
            if depth[key] > LIMITS["depth"]:
                msg = f"mappings and lists are nested over {LIMITS['depth']} deep"
                raise LimitError(msg, file=file, line=line, fix="flatten the data")
            continue
        if key in size:
            continue
        if key in on_path:
            msg = "an alias refers to a mapping or list that contains it"
            raise LimitError(msg, file=file, line=node.start_mark.line + 1, fix="write the data out without cycles")
        if isinstance(node, yaml.ScalarNode):
            value = node.value
            if len(value) > LIMITS["string_chars"]:
                raise _too_long(len(value), node.start_mark.line + 1, file)
            if node.tag == _INT_TAG and len(value) > LIMITS["int_digits"]:
                msg = f"a whole number of {len(value)} digits is over the limit of {LIMITS['int_digits']}"
                raise LimitError(msg, file=file, line=node.start_mark.line + 1, fix="write a smaller number")
            size[key], depth[key] = 1, 0
            continue
        on_path.add(key)
        stack.append((node, True))
        stack.extend((kid, False) for kid in _children(node, yaml))


def _children(node: Any, yaml: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def parse_yaml(text: str, file: str) -> object:
    """Read YAML ``text`` with the checking safe loader; no code runs."""
    import yaml

    if len(text) > LIMITS["file_bytes"]:
        raise LimitError(f"the text is over the limit of {LIMITS['file_bytes']} characters", file=file, fix="split it")
    loader = yaml_loader()(text)
    loader.dealflow_file = file
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        line = mark.line + 1 if mark is not None else None
        msg = f"not valid YAML: {err.problem or err.context}"
        raise InputError(msg, file=file, line=line, fix="correct the YAML syntax") from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as err:
        if isinstance(err, InputError):
            raise
        raise InputError(f"not valid YAML: {abbrev(str(err))}", file=file, fix="correct the YAML syntax") from None
    except RecursionError:
        msg = f"mappings and lists are nested over {LIMITS['depth']} deep"
        raise LimitError(msg, file=file, fix="flatten the data") from None
    finally:
        loader.dispose()


def parse_json(text: str, file: str | None, *, what: str = "a JSON object") -> object:
    """Read JSON ``text``: duplicate keys, NaN and Infinity, and numbers over the
    limits are refused; then :func:`check_tree`."""
    if len(text) > LIMITS["file_bytes"]:
        raise LimitError(f"the text is over the limit of {LIMITS['file_bytes']} characters", file=file, fix="split it")

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise InputError(f"key {abbrev(key)} is given twice", field=key[:60], file=file, fix="keep one of them")
            out[key] = value
        return out

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > LIMITS["int_digits"]:
            msg = f"a whole number of {len(digits)} digits is over the limit of {LIMITS['int_digits']}"
            raise LimitError(msg, file=file, fix="write a smaller number")
        return int(digits)

    def real(digits: str) -> float:
        number_text(digits, "number")
        value = float(digits)
        if value in (float("inf"), float("-inf")):
            raise InputError(f"{abbrev(digits)} is not finite", file=file, fix="write a finite number")
        return value

    def constant(name: str) -> float:
        raise InputError(f"{name} is not a number JSON allows", file=file, fix="write a finite number")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=integer, parse_float=real, parse_constant=constant)
    except json.JSONDecodeError as err:
        raise InputError(f"not JSON: {err.msg}", file=file, line=err.lineno, fix=f"write {what}") from None
    except RecursionError:
        msg = f"arrays and objects are nested over {LIMITS['depth']} deep"
        raise LimitError(msg, file=file, fix="flatten the data") from None
    except InputError as err:
        raise _json_located(err, text, file) from None
    check_tree(data, file)
    return data


class _Refused(str):
    """A value JSON's parser met that the checking parse refuses (marks it for :func:`_json_located`)."""

    __slots__ = ()


def _json_located(err: InputError, text: str, file: str | None) -> DealflowError:
    """``err``, raised while parsing JSON (a number over the limits, NaN, a repeated key),
    located: the JSON parser gives no position, so the text is read again, leniently,
    marking refused values, to name the event (``events[i]``) and field they are in."""

    def mark(digits: str) -> object:
        return _Refused(digits)

    def integer(digits: str) -> object:
        return _Refused(digits) if len(digits.lstrip("-")) > LIMITS["int_digits"] else int(digits)

    def real(digits: str) -> object:
        value = float(digits)
        return _Refused(digits) if value in (float("inf"), float("-inf")) else value

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            out[key] = _Refused(key) if key in out else value
        return out

    try:
        lenient = json.loads(text, object_pairs_hook=pairs, parse_int=integer, parse_float=real, parse_constant=mark)
    except (ValueError, RecursionError):
        return err.located(file=file)
    path = _path_to(lenient, _Refused)
    if path is None:
        return err.located(file=file)
    index = path[1] if len(path) > 1 and path[0] == "events" and isinstance(path[1], int) else None
    inner = path[2:] if index is not None else path
    field = ".".join(str(p) for p in inner) or err.field
    return type(err)(err.rule, fix=err.fix, field=field, index=index, file=file)


def _path_to(data: object, cls: type) -> list[object] | None:
    """The keys and indexes leading to the first value of ``cls`` in ``data`` (depth first)."""
    stack: list[tuple[object, list[object]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, cls):
            return path
        if isinstance(value, dict):
            stack.extend((v, [*path, k]) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((v, [*path, i]) for i, v in reversed(list(enumerate(value))))
    return None


def check_tree(data: object, file: str | None = None) -> None:
    """Refuse plain data (from JSON, YAML or a caller) that is nested too deep,
    holds too many values, a string too long, or a whole number too large."""
    _Tree(file).check(data, 1)


class _Tree:
    """One walk of :func:`check_tree` (recursive, but never deeper than the depth limit)."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.count = 0
        self.seen: set[int] = set()  # containers met (YAML aliases share them): counted once; cycles stop
        self.nodes, self.depth, self.chars = LIMITS["nodes"], LIMITS["depth"], LIMITS["string_chars"]
        self.int_bits = LIMITS["int_digits"] * 10 // 3 + 1

    def check(self, value: object, level: int) -> None:
        self.count += 1
        if type(value) is str:
            if len(value) > self.chars:
                raise _too_long(len(value), None, self.file or "")
        elif isinstance(value, (dict, list, tuple)):
            if level > self.depth:
                msg = f"mappings and lists are nested over {LIMITS['depth']} deep"
                raise LimitError(msg, file=self.file, fix="flatten the data")
            if id(value) in self.seen:
                return
            self.seen.add(id(value))
            if isinstance(value, dict):
                self.count += len(value)  # the keys: each is a value
                for key in value:
                    if type(key) is not str:
                        self.count -= 1
                        self.check(key, level + 1)
                    elif len(key) > self.chars:
                        raise _too_long(len(key), None, self.file or "")
                items: Iterable[object] = value.values()
            else:
                items = value
            chars, count = self.chars, 0
            for item in items:
                if type(item) is str:  # the common case, inline
                    count += 1
                    if len(item) > chars:
                        raise _too_long(len(item), None, self.file or "")
                else:
                    self.check(item, level + 1)
            self.count += count
        elif isinstance(value, str):
            if len(value) > self.chars:
                raise _too_long(len(value), None, self.file or "")
        elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > self.int_bits:
            msg = f"a whole number is over the limit of {LIMITS['int_digits']} digits"
            raise LimitError(msg, file=self.file, fix="write a smaller number")
        if self.count > self.nodes:
            msg = f"the data holds over {LIMITS['nodes']} values"
            raise LimitError(msg, file=self.file, fix="write fewer values")
