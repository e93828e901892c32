"""Tests of dealflow._schema: the case-file JSON Schema is generated, shipped, and checks case files."""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
from typing import Any

import attrs
import jsonschema
import pytest
import yaml

from dealflow import EVENT_TYPES, bundled_cases, case_path
from dealflow._case import _HEADER, _yaml_loader
from dealflow._library import SCHEMA_FILE, cases_dir
from dealflow._schema import case_schema, field_docs, schema_text
from dealflow.cli import main

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _plain(path: pathlib.Path) -> Any:
    """A case file as an editor's YAML server sees it: dates as text, keys as text."""
    return json.loads(json.dumps(yaml.load(path.read_text(encoding="utf-8"), Loader=_yaml_loader())))


def _errors(data: Any) -> list[jsonschema.ValidationError]:
    """The schema's complaints about ``data``."""
    validator = jsonschema.Draft202012Validator(case_schema(), format_checker=jsonschema.FormatChecker())
    return list(validator.iter_errors(data))


def test_the_shipped_schema_is_the_generated_one() -> None:
    """dealflow/cases/case.schema.json equals what the event classes generate (run `dealflow schema -o` to refresh)."""
    shipped = (cases_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    assert shipped == schema_text(), "regenerate: dealflow schema -o dealflow/cases/case.schema.json"


def test_the_schema_is_valid_draft_2020_12() -> None:
    """The generated schema is itself a valid JSON Schema."""
    jsonschema.Draft202012Validator.check_schema(case_schema())


def test_every_event_kind_and_field_is_described() -> None:
    """Each event kind but deal_opened (the header) has a schema listing exactly its fields, each with a description."""
    defs = case_schema()["$defs"]
    for kind, cls in EVENT_TYPES.items():
        if kind == "deal_opened":
            continue
        props = defs[f"event_{kind}"]["properties"]
        assert set(props) == {"type"} | {f.name for f in attrs.fields(cls)}
        missing = [name for name in props if name != "type" and not props[name].get("description")]
        assert not missing, f"{cls.__name__}'s docstring has no Attributes: entry for {missing}"


def test_the_header_is_the_loaders() -> None:
    """The schema's top-level keys are exactly the header keys the case loader accepts."""
    assert set(case_schema()["properties"]) == set(_HEADER)


@pytest.mark.parametrize("name", bundled_cases())
def test_bundled_cases_validate_and_name_the_schema(name: str) -> None:
    """Every bundled case passes the schema and names it on its first line (editors check it as typed)."""
    path = case_path(name)
    assert _errors(_plain(path)) == []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match and (path.parent / match.group(1)).resolve() == (cases_dir() / SCHEMA_FILE).resolve()


def test_the_examples_copy_names_the_shipped_schema() -> None:
    """examples/tiktok/tiktok.yaml's schema line points at the schema in the package."""
    path = ROOT / "examples" / "tiktok" / "tiktok.yaml"
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", path.read_text(encoding="utf-8").splitlines()[0])
    assert match and (path.parent / match.group(1)).resolve() == (cases_dir() / SCHEMA_FILE).resolve()


def test_a_broken_case_is_reported_where_it_is_broken() -> None:
    """A misspelt field, an unknown kind, a bad date and a bad rule parameter are each caught at their path."""
    data = _plain(case_path("tiktok"))
    data["events"][3]["actr"] = data["events"][3].pop("actor")
    data["events"][5]["type"] = "bid_submited"
    data["events"][7]["date"] = "2020-13-01"
    rule_at = next(i for i, e in enumerate(data["events"]) if e["type"] == "rule_enacted")
    data["events"][rule_at]["rule"] = {"rule": "foreign_adversary_control", "treshold": 0.2}
    errors = _errors(data)
    paths = {"/".join(str(p) for p in e.absolute_path) for e in errors}
    assert {"events/3", "events/5/type", "events/7/date", f"events/{rule_at}/rule"} <= paths
    rule_error = jsonschema.exceptions.best_match(e for e in errors if list(e.absolute_path)[:2] == ["events", rule_at])
    while rule_error.context:
        rule_error = jsonschema.exceptions.best_match(rule_error.context)
    assert "'treshold' was unexpected" in rule_error.message  # the misspelt parameter, not "is not a string"


def test_field_docs_read_attributes_sections() -> None:
    """Field descriptions come from a class's Attributes: section, nearest class first, without RST quotes."""

    class Base:
        """Base.

        Attributes:
            a: the first ``field``.
            b: overridden.
        """

    class Child(Base):
        """Child.

        Attributes:
            b: the second field,
                on two lines.
        """

    assert field_docs(Child) == {"a": "the first field.", "b": "the second field, on two lines."}


def test_schema_command_prints_and_writes(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`dealflow schema` prints the schema, and -o writes the same text."""
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_text()
    out = tmp_path / "s.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()


def _check_jsonschema(*files: pathlib.Path) -> dict[str, Any]:
    """check-jsonschema's JSON report on ``files`` against the shipped schema (a JSON Schema validator run over
    the YAML, as an editor's YAML language server does)."""
    pytest.importorskip("check_jsonschema", reason="check-jsonschema comes with the dev extra")
    schema = cases_dir() / SCHEMA_FILE
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "-o", "json", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report: dict[str, Any] = json.loads(done.stdout)
    assert done.returncode == (0 if report["status"] == "ok" else 1), done.stderr
    return report


@pytest.mark.parametrize("name", bundled_cases())
def test_check_jsonschema_passes_every_bundled_case(name: str) -> None:
    """check-jsonschema, run as the README tells users, finds nothing wrong in a bundled case."""
    assert _check_jsonschema(case_path(name))["status"] == "ok"


# (what is broken, the line as shipped, the broken line, the path reported, what the message says)
BROKEN = [
    ("unknown kind", "  - type: bid_submitted\n", "  - type: bid_submited\n", "$.events[1].type", "is not one of"),
    ("missing field", "    bid: microsoft\n    bidders: [Microsoft]\n", "    bidders: [Microsoft]\n", "$.events[1]",
     "'bid' is a required property"),
    ("wrong type", "    days: 45\n", "    days: forty-five\n", "$.events[0].days", "is not of type 'integer'"),
    ("bad header", "seller: ByteDance\n", "seller: [ByteDance]\n", "$.seller", "is not of type 'string'"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "good", "bad", "path", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_check_jsonschema_reports_a_broken_case_where_it_is_broken(
    tmp_path: pathlib.Path, what: str, good: str, bad: str, path: str, message: str
) -> None:
    """A case file broken in one place (unknown kind, missing field, wrong type) is reported at that place's path."""
    text = case_path("tiktok").read_text(encoding="utf-8")
    assert text.count(good) == 1, f"{what}: the line to break is not in the TikTok case"
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace(good, bad), encoding="utf-8")
    report = _check_jsonschema(broken)
    assert report["status"] == "fail" and not report["parse_errors"]
    assert {e["filename"] for e in report["errors"]} == {str(broken)}
    assert any(e["path"] == path and message in e["message"] for e in report["errors"]), report["errors"]
    assert all(e["path"] == path or e["path"].startswith((f"{path}.", f"{path}[")) for e in report["errors"]), what
