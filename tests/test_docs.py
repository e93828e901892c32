"""Tests of the API reference's source: every public name, event field and public method has a docstring."""

from __future__ import annotations

import inspect
import pathlib
import re
import types
from typing import Any

import attrs
import pytest

import dealflow
from dealflow import EVENT_TYPES
from dealflow._schema import field_docs


def _attr_docs() -> dict[str, str]:
    """Doc-comments (``#: ...`` lines right above an assignment) of module-level data in dealflow's modules."""
    out: dict[str, str] = {}
    for path in pathlib.Path(dealflow.__file__).parent.glob("*.py"):
        comment: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#:"):
                comment.append(line[2:].strip())
                continue
            match = re.match(r"^([A-Za-z_]\w*)\s*[:=]", line)
            if match and comment:
                out[match.group(1)] = " ".join(comment)
            comment = []
    return out


def _own_doc(obj: Any) -> str:
    """The docstring an object declares itself (not one inherited from a base class)."""
    if isinstance(obj, type):
        return (obj.__dict__.get("__doc__") or "").strip()
    return (getattr(obj, "__doc__", None) or "").strip()


def _undocumented_names() -> list[str]:
    """Names of dealflow.__all__ with no docstring of their own."""
    data_docs = _attr_docs()
    missing = []
    for name in dealflow.__all__:
        obj = getattr(dealflow, name)
        if isinstance(obj, (type, types.FunctionType, types.BuiltinFunctionType)):
            if not _own_doc(obj):
                missing.append(name)
        elif not data_docs.get(name):
            missing.append(name)
    return missing


def test_every_public_name_has_a_docstring() -> None:
    """Each class and function of dealflow.__all__ has its own docstring; each data name a #: comment."""
    assert _undocumented_names() == []


def _public_methods(cls: type) -> dict[str, Any]:
    """The public methods and properties a dealflow class defines itself (attrs' generated ones excluded)."""
    out = {}
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        func = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
        if isinstance(func, property):
            func = func.fget
        if isinstance(func, types.FunctionType) and func.__module__.startswith("dealflow"):
            out[name] = func
    return out


def _method_doc(cls: type, name: str) -> str:
    """The method's docstring, or that of the method it overrides (as help() and the reference show it)."""
    for klass in cls.__mro__:
        value = vars(klass).get(name)
        if value is None:
            continue
        func = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
        func = func.fget if isinstance(func, property) else func
        doc = (getattr(func, "__doc__", None) or "").strip()
        if doc:
            return doc
    return ""


@pytest.mark.parametrize("name", [n for n in dealflow.__all__ if isinstance(getattr(dealflow, n), type)])
def test_every_public_method_has_a_docstring(name: str) -> None:
    """Public methods of public classes (Deal's event methods, Verdict.approve...) say what they do."""
    cls = getattr(dealflow, name)
    missing = [m for m in _public_methods(cls) if not _method_doc(cls, m)]
    assert missing == [], f"{name} methods without a docstring: {missing}"


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES))
def test_every_event_documents_its_fields(kind: str) -> None:
    """Each event class says what it means and describes every field in an Attributes: section."""
    cls = EVENT_TYPES[kind]
    assert _own_doc(cls)
    docs = field_docs(cls)
    missing = [f.name for f in attrs.fields(cls) if not docs.get(f.name)]
    assert missing == [], f"{cls.__name__}: no description of {missing}"


def test_the_check_catches_a_missing_docstring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The docstring check is not vacuous: a public function without a docstring is reported."""

    def bare() -> None:
        pass

    monkeypatch.setattr(dealflow, "__all__", [*dealflow.__all__, "bare"])
    monkeypatch.setattr(dealflow, "bare", bare, raising=False)
    assert _undocumented_names() == ["bare"]


def test_help_of_deal_is_readable() -> None:
    """help(Deal) describes every public method and attribute, slots included, without generic filler."""
    import pydoc

    missing = [n for n in dir(dealflow.Deal) if not n.startswith("_") and not inspect.getdoc(getattr(dealflow.Deal, n))]
    assert missing == []
    rendered = pydoc.render_doc(dealflow.Deal, renderer=pydoc.plaintext)
    assert "__attrs_attrs__" not in rendered
    assert "Return self==value." not in rendered and "Return repr(self)." not in rendered
