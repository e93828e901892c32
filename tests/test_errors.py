"""Tests of dealflow._errors: one root error, located messages, pickling."""

from __future__ import annotations

import pickle

import pytest

import dealflow as df


def test_every_error_is_a_dealflow_error() -> None:
    """All public error classes derive from DealflowError."""
    for cls in (df.InputError, df.UnknownParty, df.RuleError, df.RefusedEvent):
        assert issubclass(cls, df.DealflowError)
    assert issubclass(df.InputError, ValueError)


def test_message_names_file_index_kind_field_and_fix() -> None:
    """The message reads file, event index, kind, field, rule, fix in that order."""
    err = df.InputError("bad date", field="date", fix="write 2020-09-13").located(
        file="case.yaml", index=4, kind="statement"
    )
    assert str(err) == "case.yaml event #4 (statement) field 'date': bad date. Fix: write 2020-09-13"
    assert (err.file, err.index, err.kind, err.field) == ("case.yaml", 4, "statement", "date")


def test_errors_pickle_across_processes() -> None:
    """Errors survive pickling with their fields (sweeps run in process pools)."""
    err = df.RefusedEvent("no", index=2, fix="yes")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is df.RefusedEvent
    assert (back.index, back.fix, str(back)) == (2, "yes", str(err))


def test_machine_error_is_a_deprecated_alias_of_machine_definition_error() -> None:
    """The old name still resolves, to the renamed class, and warns that it is deprecated."""
    from dealflow import _errors

    with pytest.warns(DeprecationWarning, match="MachineDefinitionError"):
        old = df.MachineError  # type: ignore[attr-defined]
    assert old is df.MachineDefinitionError
    with pytest.warns(DeprecationWarning):
        assert _errors.MachineError is df.MachineDefinitionError  # type: ignore[attr-defined]
    assert "MachineError" not in df.__all__
