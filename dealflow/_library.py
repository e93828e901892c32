"""The case library: sourced case files shipped inside the package.

Each bundled case lives in ``dealflow/cases/NAME/NAME.yaml`` beside the JSON
Schema of case files (``dealflow/cases/case.schema.json``), so that a case is
reachable by name after installing dealflow from a wheel: ``dealflow replay
tiktok``, ``load_case(case_path("tiktok"))``.
"""

from __future__ import annotations

import difflib
import os
import pathlib

from ._errors import InputError

__all__ = ["SCHEMA_FILE", "bundled_cases", "case_path", "cases_dir", "resolve_case"]

SCHEMA_FILE = "case.schema.json"


def cases_dir() -> pathlib.Path:
    """The folder of the bundled cases inside the installed package."""
    return pathlib.Path(__file__).resolve().parent / "cases"


def bundled_cases() -> list[str]:
    """The names of the cases shipped with dealflow, sorted."""
    root = cases_dir()
    return sorted(p.name for p in root.iterdir() if (p / f"{p.name}.yaml").is_file())


def case_path(name: str) -> pathlib.Path:
    """The file of the bundled case ``name`` (see :func:`bundled_cases`)."""
    names = bundled_cases()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        msg = f"no bundled case named {name!r}"
        raise InputError(msg, field="case", fix=f"{hint}give a case file's path, or one of: {', '.join(names)}")
    return cases_dir() / name / f"{name}.yaml"


def resolve_case(arg: str) -> str:
    """A command line's case argument as a path: an existing file as given, else
    the bundled case of that name; anything else is refused naming the cases."""
    if os.path.exists(arg) or os.sep in arg or "/" in arg or arg.endswith((".yaml", ".yml", ".json")):
        return arg  # a path: load_case names it if it cannot be read
    return str(case_path(arg))
