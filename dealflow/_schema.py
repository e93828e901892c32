"""The JSON Schema of case files, generated from the event classes.

Nothing here lists an event's fields by hand: each event kind's schema is read
from its attrs fields and type hints, each field's description from the
``Attributes:`` section of its class's docstring, and the rule specs from the
rules dealflow registers.  ``dealflow schema -o dealflow/cases/case.schema.json``
regenerates the shipped file; a test checks that the shipped file equals the
generated one.
"""

from __future__ import annotations

import datetime as _dt
import enum
import inspect
import json
import re
import types
import typing
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ._events import EVENT_TYPES, DealOpened, Event
from ._rules import Rule, registered_rules
from ._values import Money, Source, Terms

__all__ = ["case_schema", "field_docs", "schema_text"]


_SHARE = {
    "description": "an exact share: a fraction (0.199), a percentage ('19.9%') or a ratio ('1/3')",
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[0-9.]+\s*(%|/\s*[0-9]+)?\s*$"}],
}
# the keys of a case file's header that are not fields of deal_opened
_HEADER_ONLY = {
    "name": {"type": "string", "description": "the case's title"},
    "description": {"type": "string", "description": "what the case is about, a paragraph"},
    "summary": {
        "type": "string",
        "maxLength": 100,
        "pattern": "^[^\\n]*$",
        "description": "who deals with whom, in one line (`dealflow cases` shows it; default: the seller and the bidders)",
    },
    "opened": {
        "type": "string",
        "format": "date",
        "description": "the date the deal opens (default: the first event's)",
    },
    "sources": {
        "type": "object",
        "description": "the sources, number to address; an event's `source` names a number",
        "patternProperties": {"^[0-9]+$": {"type": "string"}},
        "additionalProperties": False,
    },
    "events": {
        "type": "array",
        "minItems": 1,
        "description": "the events in date order, one per row of the timeline",
        "items": {"$ref": "#/$defs/event"},
    },
}


def field_docs(cls: type) -> dict[str, str]:
    """The descriptions of ``cls``'s fields, from the ``Attributes:`` sections of
    the docstrings of ``cls`` and its bases (the nearest wins)."""
    out: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        doc = inspect.cleandoc(klass.__dict__.get("__doc__") or "")
        match = re.search(r"^Attributes:\n((?:[ \t]+.*\n?|\n)+)", doc, re.MULTILINE)
        if not match:
            continue
        current = None
        for line in match.group(1).splitlines():
            head = re.match(r"^    (\w+):\s*(.*)$", line)
            if head:
                current = head.group(1)
                out[current] = head.group(2).strip()
            elif current and line.strip():
                out[current] += " " + line.strip()
    return {k: re.sub(r"``?([^`]+)``?", r"\1", v) for k, v in out.items()}


def _summary(cls: type) -> str:
    doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
    return re.sub(r"\s+", " ", doc.split("\n\n")[0]).strip().replace("``", "`")


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: recursive types
            self.defs[name] = self.object_of(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_of(self, cls: type, *, scalar_seq: bool = False) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        docs = field_docs(cls)
        props: dict[str, Any] = {}
        required: list[str] = []
        for f in attrs.fields(cls):
            prop = self.type_of(hints[f.name], scalar_seq=scalar_seq)
            if f.name in docs:
                prop = {**prop, "description": docs[f.name]}
            props[f.name] = prop
            if f.default is attrs.NOTHING:
                required.append(f.name)
        out: dict[str, Any] = {"type": "object"}
        summary = _summary(cls)
        if summary:
            out["description"] = summary
        out["properties"] = props
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out

    def type_of(self, tp: Any, *, scalar_seq: bool = False) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            return {"anyOf": [self.type_of(a, scalar_seq=scalar_seq) for a in args]}
        if origin in (tuple, frozenset, list, set):
            items = self.type_of(args[0])
            array: dict[str, Any] = {"type": "array", "items": items}
            if origin is frozenset:
                array["uniqueItems"] = True
            if scalar_seq and args[0] is str:  # a single name stands for a one-name list
                return {"anyOf": [items, array]}
            return array
        if tp is type(None):
            return {"type": "null"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is str:
            return {"type": "string"}
        if tp is _dt.date:
            return {"type": "string", "format": "date"}
        if tp is Decimal:
            return {"anyOf": [{"type": "number"}, {"type": "string"}]}
        if tp is Fraction:
            return {"$ref": "#/$defs/share"}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"enum": [m.value for m in tp]}
        if tp is Rule:
            return {"$ref": "#/$defs/rule"}
        if tp is Terms:
            if "Terms" not in self.defs:
                self.ref(Terms)
                table = self.defs["Terms"]["properties"]["cap_table"]
                table["anyOf"] = [
                    {"type": "object", "additionalProperties": {"$ref": "#/$defs/share"}},
                    {"type": "array", "items": table.pop("items")},
                ]
                del table["type"]
            return {"$ref": "#/$defs/Terms"}
        if tp is Money:
            return {"anyOf": [{"type": "number"}, {"type": "string"}, self.ref(Money)]}
        if tp is Source:
            return {"anyOf": [{"type": "integer", "description": "a number of the sources list"}, self.ref(Source)]}
        if attrs.has(tp):
            return self.ref(tp)
        msg = f"no JSON Schema for {tp!r}"
        raise TypeError(msg)


def _own_rules() -> dict[str, type[Rule]]:
    """The rules dealflow itself registers (not a user's)."""
    return {k: v for k, v in registered_rules().items() if v.__module__.startswith("dealflow.")}


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dealflow case file, as a mapping."""
    b = _Builder()
    b.defs["share"] = _SHARE
    rules = _own_rules()
    names = sorted(rules)
    by_name: list[Any] = []
    for name, rule_cls in sorted(rules.items()):
        obj = b.object_of(rule_cls)
        obj["properties"] = {"rule": {"const": name}, **obj["properties"]}
        obj["required"] = ["rule", *obj.get("required", [])]
        b.defs[f"rule_{name}"] = obj
        by_name.append({"if": {"properties": {"rule": {"const": name}}}, "then": {"$ref": f"#/$defs/rule_{name}"}})
    combinators: list[Any] = [
        {
            "if": {"required": [key]},
            "then": {
                "properties": {key: {"type": "array", "items": {"$ref": "#/$defs/rule"}}},
                "additionalProperties": False,
            },
        }
        for key in ("all", "any")
    ]
    combinators.append(
        {
            "if": {"required": ["not"]},
            "then": {"properties": {"not": {"$ref": "#/$defs/rule"}}, "additionalProperties": False},
        }
    )
    # dispatched on the spec's shape (if/then), so that an editor names the exact mistake
    b.defs["rule"] = {
        "description": "a registered rule by name, {rule: NAME, ...parameters}, or {all: [...]}, {any: [...]}, {not: rule}",
        "type": ["string", "object"],
        "if": {"type": "string"},
        "then": {"enum": names},
        "else": {
            "anyOf": [{"required": [key]} for key in ("rule", "all", "any", "not")],
            "allOf": [
                {
                    "if": {"required": ["rule"]},
                    "then": {"properties": {"rule": {"enum": names}}, "allOf": by_name},
                },
                *combinators,
            ],
        },
    }

    kinds = {k: c for k, c in sorted(EVENT_TYPES.items()) if c is not DealOpened}
    for kind, cls in kinds.items():
        obj = b.object_of(cls, scalar_seq=True)
        obj["title"] = kind
        obj["properties"] = {"type": {"const": kind}, **obj["properties"]}
        obj["required"] = ["type", *obj.get("required", [])]
        b.defs[f"event_{kind}"] = obj
    b.defs["event"] = {
        "type": "object",
        "description": _summary(Event),
        "properties": {"type": {"enum": sorted(kinds), "description": "the event's kind"}},
        "required": ["type"],
        "allOf": [
            {"if": {"properties": {"type": {"const": k}}, "required": ["type"]}, "then": {"$ref": f"#/$defs/event_{k}"}}
            for k in kinds
        ],
    }

    opened = b.object_of(DealOpened, scalar_seq=True)["properties"]
    header = {k: opened[k] for k in ("target", "seller", "parties", "regulators")}
    header["actor"] = {**opened["actor"], "description": "who opens the deal (default: the seller)"}
    properties = {**_HEADER_ONLY, **header}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "dealflow case file",
        "description": (
            "A sourced, dated case for dealflow: a header (the deal's target, seller, parties, regulators "
            "and sources) and its events. Generated from dealflow's event classes by `dealflow schema`."
        ),
        "type": "object",
        "properties": dict(sorted(properties.items())),
        "required": ["events", "name", "parties", "seller", "target"],
        "additionalProperties": False,
        "$defs": dict(sorted(b.defs.items())),
    }


def schema_text() -> str:
    """The schema as the JSON text shipped in ``dealflow/cases/case.schema.json``."""
    return json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n"
