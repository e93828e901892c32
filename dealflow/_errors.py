"""The one root error and its subclasses.

Every refusal dealflow makes is a :class:`DealflowError`.  A message names, where
they are known, the file, the event's index and kind, the field, the rule that was
broken and the fix, in that order, so that a user can act on it without reading
dealflow's source.
"""

from __future__ import annotations

__all__ = [
    "DealflowError",
    "InputError",
    "LimitError",
    "MachineDefinitionError",
    "RefusedEvent",
    "RuleError",
    "UnknownParty",
    "UsageError",
]

MAX_MESSAGE = 2000  # characters of a rule or a fix kept in a message; the rest is cut


class DealflowError(Exception):
    """Root of every error dealflow raises on purpose.

    Attributes are ``None`` when they do not apply: ``file`` (a case file),
    ``index`` (the event's position in its journal or file), ``kind`` (the event
    kind), ``field`` (the offending field), ``rule`` (what was broken) and ``fix``
    (what would be accepted instead).
    """

    def __init__(
        self,
        rule: str,
        *,
        fix: str | None = None,
        field: str | None = None,
        index: int | None = None,
        kind: str | None = None,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        self.rule = _cut(rule)
        self.fix = None if fix is None else _cut(fix)
        self.line = line
        self.field = field
        self.index = index
        self.kind = kind
        self.file = file
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.index is not None:
            where.append(f"event #{self.index}")
        if self.kind is not None:
            where.append(f"({self.kind})")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        head = " ".join(where)
        msg = f"{head}: {self.rule}" if head else self.rule
        if self.fix:
            msg += f". Fix: {self.fix}"
        return msg

    def located(
        self,
        *,
        file: str | None = None,
        index: int | None = None,
        kind: str | None = None,
        line: int | None = None,
    ) -> DealflowError:
        """Return a copy of this error that also names where it happened."""
        return type(self)(
            self.rule,
            fix=self.fix,
            field=self.field,
            index=self.index if index is None else index,
            kind=self.kind if kind is None else kind,
            file=self.file if file is None else file,
            line=self.line if line is None else line,
        )

    def __reduce__(self) -> tuple[object, ...]:  # picklable across processes
        return (
            _rebuild,
            (type(self), self.rule, self.fix, self.field, self.index, self.kind, self.file, self.line),
        )


def _rebuild(
    cls: type[DealflowError],
    rule: str,
    fix: str | None,
    field: str | None,
    index: int | None,
    kind: str | None,
    file: str | None,
    line: int | None = None,
) -> DealflowError:
    return cls(rule, fix=fix, field=field, index=index, kind=kind, file=file, line=line)


def _cut(text: str) -> str:
    """``text`` cut to :data:`MAX_MESSAGE` characters, saying how much was cut."""
    if len(text) <= MAX_MESSAGE:
        return text
    return f"{text[:MAX_MESSAGE]}... ({len(text) - MAX_MESSAGE} more characters cut)"


class InputError(DealflowError, ValueError):
    """Malformed input: a missing or mistyped field, a bad date, an unknown event
    kind, stakes over 100%, a negative price..."""


class UnknownParty(InputError, LookupError):
    """An event names a party, bid, gate or mandate the deal does not know."""


class RuleError(InputError):
    """An approval rule is unknown to the registry or badly parameterised."""


class MachineDefinitionError(InputError):
    """A machine definition (a ``MachineSpec``) is broken: an undefined initial
    state, transitions to or from undefined states, unreachable states, or
    non-final states with no path to a final state.  The message names them.

    Called ``MachineError`` before 0.2; that name still works for one release
    and warns (transitions' own ``MachineError`` means a refused trigger, which
    dealflow calls :class:`RefusedEvent`)."""


class LimitError(InputError):
    """Input over one of dealflow's limits: a file too large, a number too large
    or too precise, a string too long, nesting too deep, too many aliases.  The
    message names the limit; the limits are listed in the README."""


class UsageError(InputError):
    """A command-line option with a value the command cannot use (``field``
    names the option); ``dealflow`` exits with code 2, as for a bad command line."""


class RefusedEvent(DealflowError):
    """A well-formed event that the deal refuses in its current state: the deal
    is left exactly as it was."""


for _cls in (
    DealflowError,
    InputError,
    UnknownParty,
    RuleError,
    MachineDefinitionError,
    RefusedEvent,
    LimitError,
    UsageError,
):
    _cls.__module__ = "dealflow"  # tracebacks and pickles name the public path


def deprecated_alias(name: str) -> type[DealflowError] | None:
    """The class a deprecated name stands for, after warning; ``None`` if ``name`` is no such alias."""
    if name != "MachineError":
        return None
    import warnings

    msg = "dealflow.MachineError is deprecated; use dealflow.MachineDefinitionError (removed after 0.2)"
    warnings.warn(msg, DeprecationWarning, stacklevel=3)
    return MachineDefinitionError


def __getattr__(name: str) -> type[DealflowError]:
    cls = deprecated_alias(name)
    if cls is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return cls
