"""Approval rules: composable values that evaluate terms on a date to a verdict.

Verdicts form a three-valued chain, block < approve with conditions < approve.
``&`` takes the worst verdict, ``|`` the best and ``~`` swaps approve and block
(a conditional verdict stays conditional): strong Kleene logic, so commutativity,
associativity, De Morgan's laws and double negation hold on a verdict's outcome
and conditions.  Reasons explain a verdict and take no part in equality of
outcomes (:meth:`Verdict.same`).

Rules are referenced from data files by registered name (:func:`register_rule`,
:func:`rule_from_spec`); a data file never carries code.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any, ClassVar, TypeVar

import attrs

from ._errors import InputError, RuleError
from ._ownership import edges_of, group_ownership
from ._values import Asset, Condition, Party, Terms, format_fraction
from .converters import names as _names
from .converters import share as _threshold
from .converters import text as _text

__all__ = [
    "AllOf",
    "AnyOf",
    "ApproveAlways",
    "BlockAlways",
    "ExportLicenceRequired",
    "ForeignAdversaryControl",
    "MajorityDomesticBoard",
    "Not",
    "Outcome",
    "RequireCondition",
    "Rule",
    "RuleContext",
    "TrustedPartnerCustody",
    "Verdict",
    "adversary_share",
    "condition_met_by",
    "register_rule",
    "registered_rules",
    "rule_from_spec",
]


class Outcome(enum.IntEnum):
    """A verdict's outcome, ordered from worst to best."""

    BLOCK = 0
    CONDITIONAL = 1
    APPROVE = 2

    def __str__(self) -> str:
        return _OUTCOME_TEXTS[self._value_]


_OUTCOME_TEXTS = {0: "block", 1: "approve with conditions", 2: "approve"}


def _conds(value: Iterable[Condition]) -> frozenset[Condition]:
    return frozenset(value)


@attrs.frozen(cache_hash=True)  # (a decision check keys its findings by the verdict)
class Verdict:
    """What a rule says of terms: an outcome, the conditions of a conditional
    approval, and the reasons."""

    outcome: Outcome
    conditions: frozenset[Condition] = attrs.field(default=frozenset(), converter=_conds)
    reasons: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if (self.outcome is Outcome.CONDITIONAL) != bool(self.conditions):
            msg = "a verdict has conditions exactly when it approves with conditions"
            raise RuleError(msg, field="conditions", fix="give conditions only to a conditional approval")

    @classmethod
    def approve(cls, reason: str = "") -> Verdict:
        """An outright approval, with ``reason`` when given."""
        return cls(Outcome.APPROVE, reasons=(reason,) if reason else ())

    @classmethod
    def conditional(cls, conditions: Iterable[Condition], reason: str = "") -> Verdict:
        """An approval on ``conditions`` (at least one), with ``reason`` when given."""
        return cls(Outcome.CONDITIONAL, frozenset(conditions), (reason,) if reason else ())

    @classmethod
    def block(cls, reason: str = "") -> Verdict:
        """A block, with ``reason`` when given."""
        return cls(Outcome.BLOCK, reasons=(reason,) if reason else ())

    def same(self, other: Verdict) -> bool:
        """Equal outcome and conditions, whatever the reasons."""
        return self.outcome is other.outcome and self.conditions == other.conditions

    def __str__(self) -> str:
        text = str(self.outcome)
        if self.conditions:
            text += " (" + ", ".join(str(c) for c in sorted(self.conditions)) + ")"
        if self.reasons:
            text += ": " + "; ".join(self.reasons)
        return text


def _combine(verdicts: list[Verdict], best: bool) -> Verdict:
    pick = max if best else min
    outcome = pick(v.outcome for v in verdicts)
    conditions: frozenset[Condition] = frozenset()
    if outcome is Outcome.CONDITIONAL:
        conditions = frozenset().union(*(v.conditions for v in verdicts if v.outcome is Outcome.CONDITIONAL))
    reasons = tuple(r for v in verdicts if v.outcome is outcome for r in v.reasons)
    return Verdict(outcome, conditions, reasons)


@attrs.frozen
class RuleContext:
    """What a rule may read beside the terms: the date and the parties."""

    on: _dt.date
    parties: Mapping[str, Party] = attrs.field(factory=dict, eq=False, hash=False)

    def jurisdiction(self, name: str) -> str:
        """The jurisdiction of party ``name`` ("" for a party the context does not know)."""
        party = self.parties.get(name)
        return party.jurisdiction if party is not None else ""


class Rule:
    """Base of every approval rule: a frozen value with :meth:`evaluate`.

    Subclass it with ``@attrs.frozen`` and :func:`register_rule` to let data files
    name your rule.  Combine rules with ``&``, ``|`` and ``~``.
    """

    name: ClassVar[str] = ""

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        """The verdict on ``terms`` in ``ctx`` (the date and the parties): approve, approve with conditions, or
        block, with reasons.  Every rule implements it."""
        raise NotImplementedError

    def __and__(self, other: Rule) -> Rule:
        return AllOf((self, other))

    def __or__(self, other: Rule) -> Rule:
        return AnyOf((self, other))

    def __invert__(self) -> Rule:
        return Not(self)

    def to_spec(self) -> dict[str, Any]:
        """The rule as plain data (for YAML, TOML or JSON)."""
        if not self.name:
            msg = f"{type(self).__name__} is not registered"
            raise RuleError(msg, fix="decorate the class with @dealflow.register_rule('name')")
        from ._specs import hints, spec_converter

        spec: dict[str, Any] = {"rule": self.name}
        for name, hint in hints(type(self)).items():
            spec[name] = spec_converter.unstructure(getattr(self, name), hint)
        return spec


def _rules(value: Iterable[Rule]) -> tuple[Rule, ...]:
    out = tuple(value)
    for item in out:
        if not isinstance(item, Rule):
            raise RuleError(f"{item!r} is not a rule", field="rules", fix="combine Rule values")
    return out


@attrs.frozen
class _Combination(Rule):
    """Combines the verdicts of ``rules``: the worst for AllOf, the best for AnyOf."""

    best: ClassVar[bool] = False
    key: ClassVar[str] = "all"
    rules: tuple[Rule, ...] = attrs.field(converter=_rules)

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        if not self.rules:  # the identity of the combination
            return Verdict.block("no alternative") if self.best else Verdict.approve("no rule applies")
        return _combine([r.evaluate(terms, ctx) for r in self.rules], best=self.best)

    def to_spec(self) -> dict[str, Any]:
        return {self.key: [r.to_spec() for r in self.rules]}


class AllOf(_Combination):
    """Every rule must approve: the worst verdict (approve when empty)."""


class AnyOf(_Combination):
    """One rule suffices: the best verdict (block when empty)."""

    best = True
    key = "any"


@attrs.frozen
class Not(Rule):
    """Swaps approve and block; a conditional verdict stays as it is."""

    rule: Rule

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        v = self.rule.evaluate(terms, ctx)
        reasons = tuple(f"not: {r}" for r in v.reasons)
        if v.outcome is Outcome.APPROVE:
            return Verdict(Outcome.BLOCK, reasons=reasons)
        if v.outcome is Outcome.BLOCK:
            return Verdict(Outcome.APPROVE, reasons=reasons)
        return Verdict(Outcome.CONDITIONAL, v.conditions, reasons)

    def to_spec(self) -> dict[str, Any]:
        return {"not": self.rule.to_spec()}


_REGISTRY: dict[str, type[Rule]] = {}
R = TypeVar("R", bound=type[Rule])


def register_rule(name: str) -> Callable[[R], R]:
    """Register a rule class under ``name`` so that data files can refer to it.

    For example::

        @register_rule("no_algorithm_export")
        @attrs.frozen
        class NoAlgorithmExport(Rule): ...
    """

    def deco(cls: R) -> R:
        if not (isinstance(cls, type) and issubclass(cls, Rule)):
            raise RuleError(f"{cls!r} is not a Rule subclass", fix="subclass dealflow.Rule")
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise RuleError(f"a rule named {name!r} is registered already", fix="choose another name")
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return deco


def registered_rules() -> dict[str, type[Rule]]:
    """The registry: name to rule class."""
    return dict(_REGISTRY)


def rule_from_spec(spec: object, field: str = "rule") -> Rule:
    """Build a rule from plain data: ``{"rule": NAME, **params}``, or
    ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": spec}``."""
    if isinstance(spec, Rule):
        return spec
    if isinstance(spec, str):
        spec = {"rule": spec}
    if not isinstance(spec, Mapping):
        raise RuleError(f"expected a rule, got {spec!r}", field=field, fix="write {rule: NAME, ...params}")
    keys = set(spec)
    for combinator, cls in (("all", AllOf), ("any", AnyOf)):
        if combinator in keys:
            if keys != {combinator}:
                raise RuleError(
                    f"{combinator!r} takes no other keys", field=field, fix=f"write {{{combinator}: [rules]}}"
                )
            parts = spec[combinator]
            if isinstance(parts, (str, Mapping)) or not isinstance(parts, Iterable):
                raise RuleError(f"{combinator!r} needs a list", field=field, fix=f"write {{{combinator}: [rules]}}")
            return cls(tuple(rule_from_spec(p, f"{field}.{combinator}[{i}]") for i, p in enumerate(parts)))
    if "not" in keys:
        if keys != {"not"}:
            raise RuleError("'not' takes no other keys", field=field, fix="write {not: rule}")
        return Not(rule_from_spec(spec["not"], f"{field}.not"))
    name = spec.get("rule")
    if not isinstance(name, str):
        raise RuleError("a rule needs a registered name", field=f"{field}.rule", fix="write {rule: NAME, ...params}")
    cls_ = _REGISTRY.get(name)
    if cls_ is None:
        from ._input import abbrev, did_you_mean

        known = ", ".join(sorted(_REGISTRY))
        hint = did_you_mean(name, _REGISTRY)
        raise RuleError(
            f"unknown rule {abbrev(name)}{hint}", field=f"{field}.rule", fix=f"use a registered rule: {known}"
        )
    params = {k: v for k, v in spec.items() if k != "rule"}
    allowed = {f.name for f in attrs.fields(cls_)}  # type: ignore[arg-type]
    extra = sorted(set(params) - allowed)
    if extra:
        raise RuleError(
            f"rule {name!r} takes no parameter {', '.join(extra)}",
            field=f"{field}.{extra[0]}",
            fix=f"use only: {', '.join(sorted(allowed)) or 'no parameters'}",
        )
    from ._specs import hints, spec_converter

    types_ = hints(cls_)
    try:
        params = {k: _structure(spec_converter, v, types_[k], k) for k, v in params.items()}
        return cls_(**params)
    except InputError as err:
        culprit = err.field or _culprit(cls_, params) or name
        raise RuleError(err.rule, field=f"{field}.{culprit}", fix=err.fix) from None
    except (TypeError, ValueError) as err:
        raise RuleError(f"rule {name!r}: {err}", field=field, fix="check the rule's parameters") from None


def _culprit(cls: type[Any], params: dict[str, object]) -> str | None:
    """The parameter whose converter refuses its value (a converter is given the value
    alone, so its error cannot name the field): each is tried again on its own."""
    for f in attrs.fields(cls):
        if f.name in params and f.converter is not None:
            try:
                f.converter(params[f.name])
            except (InputError, TypeError, ValueError):
                return str(f.name)
    return None


def _structure(conv: Any, value: object, hint: Any, field: str) -> object:
    """A parameter read by its field's type hint; one cattrs cannot read passes as it is."""
    from cattrs.errors import StructureHandlerNotFoundError

    try:
        return conv.structure(value, hint)
    except StructureHandlerNotFoundError:
        return value
    except InputError as err:
        raise RuleError(err.rule, field=field, fix=err.fix) from None
    except (TypeError, ValueError) as err:
        raise RuleError(f"cannot read {value!r}: {err}", field=field, fix="check the rule's parameters") from None


@register_rule("approve")
@attrs.frozen
class ApproveAlways(Rule):
    """Approves anything (the identity of ``&``)."""

    reason: str = attrs.field(default="approved", converter=_text)

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        return Verdict.approve(self.reason)


@register_rule("block")
@attrs.frozen
class BlockAlways(Rule):
    """Blocks anything (the identity of ``|``)."""

    reason: str = attrs.field(default="blocked", converter=_text)

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        return Verdict.block(self.reason)


@register_rule("require_condition")
@attrs.frozen
class RequireCondition(Rule):
    """Approves on a condition of your own (``kind``, ``party``, ``value``)."""

    kind: str = attrs.field(converter=_text)
    party: str = attrs.field(default="", converter=_text)
    value: str = attrs.field(default="", converter=_text)

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        cond = Condition(self.kind, self.party, self.value)
        if cond in terms.conditions:
            return Verdict.approve(f"the terms promise {cond}")
        return Verdict.conditional((cond,), f"requires {cond}")


@register_rule("export_licence_required")
@attrs.frozen
class ExportLicenceRequired(Rule):
    """Exporting a listed technology out of ``jurisdiction`` needs ``licensor``'s
    licence (China's export-control catalogue, from 2020-08-28)."""

    licensor: str = attrs.field(converter=_text)
    jurisdiction: str = attrs.field(default="CN", converter=_text)
    listed: frozenset[str] = attrs.field(default=frozenset((Asset.ALGORITHM,)), converter=_names)

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        exported = sorted(terms.assets & self.listed)
        if not exported or terms.jurisdiction == self.jurisdiction:
            return Verdict.approve(f"no listed technology leaves {self.jurisdiction}")
        what = ", ".join(exported)
        cond = Condition("export_licence", self.licensor, what)
        return Verdict.conditional(
            (cond,), f"exporting {what} from {self.jurisdiction} needs a licence from {self.licensor}"
        )


def adversary_share(terms: Terms, ctx: RuleContext, adversaries: frozenset[str]) -> Fraction:
    """The share of ``terms.entity`` held, directly or through holding chains, by
    parties whose jurisdiction is in ``adversaries``.  A chain is counted from the
    first adversary on it, so nested adversaries are not counted twice."""
    links = [(s.holder, terms.entity, s.share) for s in terms.cap_table]
    links += [(h.owner, h.owned, h.share) for h in terms.holdings]
    edges = edges_of(links)
    hostile = frozenset(n for n in edges if n != terms.entity and ctx.jurisdiction(n) in adversaries)
    return group_ownership(edges, hostile, terms.entity)


@register_rule("foreign_adversary_control")
@attrs.frozen
class ForeignAdversaryControl(Rule):
    """Blocks terms under which parties of ``adversaries`` hold ``threshold`` or
    more of the entity, directly or indirectly (the 2024 US Act: 20%)."""

    adversaries: frozenset[str] = attrs.field(default=frozenset(("CN",)), converter=_names)
    threshold: Fraction = attrs.field(default=Fraction(1, 5), converter=_threshold)

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        share = adversary_share(terms, ctx, self.adversaries)
        pct = format_fraction(share * 100)
        limit = format_fraction(self.threshold * 100)
        if share >= self.threshold:
            return Verdict.block(f"foreign adversaries hold {pct}% of {terms.entity}, at or over {limit}%: control")
        return Verdict.approve(f"foreign adversaries hold {pct}% of {terms.entity}, under {limit}%")


@register_rule("trusted_partner_custody")
@attrs.frozen
class TrustedPartnerCustody(Rule):
    """US user data must be held by a named trusted partner (the 2020 Oracle
    proposal, Project Texas)."""

    partners: frozenset[str] = attrs.field(converter=_names)

    @partners.validator
    def _some(self, _attr: object, value: frozenset[str]) -> None:
        if not value:
            raise RuleError("no trusted partner named", field="partners", fix="name at least one partner")

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        custodian = terms.data_custodian
        if custodian in self.partners:
            return Verdict.approve(f"user data held by trusted partner {custodian}")
        if custodian is None:
            partner = sorted(self.partners)[0]
            return Verdict.conditional(
                (Condition("data_hosted_by", partner),), f"user data must be hosted by {partner}"
            )
        return Verdict.block(f"user data held by {custodian}, not a trusted partner")


@register_rule("majority_domestic_board")
@attrs.frozen
class MajorityDomesticBoard(Rule):
    """A majority of the board must come from ``jurisdiction``."""

    jurisdiction: str = attrs.field(default="US", converter=_text)

    def evaluate(self, terms: Terms, ctx: RuleContext) -> Verdict:
        board = terms.board
        if board is None:
            cond = Condition("majority_domestic_board", value=self.jurisdiction)
            return Verdict.conditional((cond,), f"the board must be majority {self.jurisdiction}")
        if board.jurisdiction == self.jurisdiction and 2 * board.domestic > board.seats:
            return Verdict.approve(f"{board.domestic} of {board.seats} directors from {self.jurisdiction}")
        return Verdict.block(
            f"{board.domestic} of {board.seats} directors from {board.jurisdiction}: no {self.jurisdiction} majority"
        )


def condition_met_by(terms: Terms, condition: Condition) -> bool:
    """Whether ``terms`` themselves meet ``condition`` (they promise it, or their
    board or data custodian fulfil it)."""
    if condition in terms.conditions:
        return True
    if condition.kind == "data_hosted_by":
        return terms.data_custodian == condition.party
    if condition.kind == "majority_domestic_board":
        b = terms.board
        return b is not None and b.jurisdiction == (condition.value or "US") and 2 * b.domestic > b.seats
    return False
