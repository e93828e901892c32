"""Events: frozen, dated, serialisable records of who did what.

Every change to a deal is an event; statements and signals that change no state
are events too.  Each kind is a frozen attrs class registered under a short name
(its ``kind``), which is the ``type`` field of its plain-data form.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import Any, ClassVar, TypeVar

import attrs

from ._agreement import TRIGGERS, Contract, ExtensionOption
from ._errors import InputError
from ._input import abbrev
from ._rules import Rule
from ._values import Condition, Party, Source, Terms, as_date, as_fraction, format_fraction

__all__ = [
    "BODIES",
    "EVENT_TYPES",
    "OFFER_FORMS",
    "REMEDY_NATURES",
    "REVIEWS",
    "SCOPES",
    "ApprovalRequired",
    "ApprovalWaived",
    "Approved",
    "BidAccepted",
    "BidRejected",
    "BidRevised",
    "BidSubmitted",
    "BidWithdrawn",
    "Blocked",
    "ConditionMet",
    "ConditionWaived",
    "ConditionallyApproved",
    "DeadlineExtended",
    "DealAbandoned",
    "DealClosed",
    "DealOpened",
    "DealSigned",
    "DealTerminated",
    "DivestitureQualified",
    "EnforcementPaused",
    "Enjoined",
    "Event",
    "GateRequired",
    "GateScoped",
    "GateWaived",
    "InjunctionLifted",
    "MandateEnforced",
    "MandateIssued",
    "MandateLapsed",
    "MandateRevoked",
    "OutsideDateExtended",
    "PartyJoined",
    "RemedyAccepted",
    "RemedyBuyerCleared",
    "RemedyCompleted",
    "RemedyDischarged",
    "RemedyOffered",
    "ReviewExtended",
    "ReviewOpened",
    "RuleEnacted",
    "RuleRepealed",
    "Statement",
    "TermsAgreed",
    "TermsProposed",
    "VoteHeld",
]


def _name(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InputError(
            f"expected a non-empty name, got {abbrev(value)}", field=attr.name, fix=f"give {attr.name} as text"
        )


def _str(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InputError(f"expected text, got {abbrev(value)}", field=attr.name, fix=f"give {attr.name} as text")


def _flag(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InputError(f"expected true or false, got {abbrev(value)}", field=attr.name, fix="write true or false")


def _day(value: object) -> object:
    """Read ISO strings as dates; anything else is left for :func:`_date` to refuse
    (a datetime too: :meth:`Deal.apply` refuses it, naming the field)."""
    if isinstance(value, str):
        return _iso_day(value)
    return value


@functools.lru_cache(maxsize=4096)
def _iso_day(text: str) -> object:
    """An ISO date's text as a date, else the text itself (a case repeats its dates: each is read once)."""
    try:
        return as_date(text)
    except InputError:
        return text


def _date(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, _dt.date):
        raise InputError(f"{abbrev(value)} is not a date", field=attr.name, fix="write an ISO date such as 2020-09-13")


def _seq(value: object) -> object:
    """A single name becomes a one-name tuple; lists become tuples."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


def _names(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None and attr.default is None:
        return
    if not isinstance(value, tuple) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(
            f"expected a list of names, got {abbrev(value)}", field=attr.name, fix=f"name at least one in {attr.name}"
        )
    if len(set(value)) != len(value):
        raise InputError(f"{attr.name} lists a name twice", field=attr.name, fix="list each name once")


def _of(cls: type[Any], *, optional: bool = False) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, cls):
            raise InputError(
                f"expected {cls.__name__}, got {abbrev(value)}", field=attr.name, fix=f"give a {cls.__name__}"
            )

    return check


def _regulators(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value != ():
        _names(inst, attr, value)


def _positive(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < (1 if attr.name == "days" else 0):
        lowest = "above 0" if attr.name == "days" else "of 0 or more"
        raise InputError(f"expected a whole number {lowest}, got {abbrev(value)}", field=attr.name, fix="e.g. 45")


def _one_of(allowed: tuple[str, ...]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value not in allowed:
            shown = ", ".join(a or repr(a) for a in allowed)
            raise InputError(f"{value!r} is not allowed", field=attr.name, fix=f"use one of: {shown}")

    return check


def _opt_names(value: object) -> object:
    """Optional lists of names: a single name becomes a one-name tuple; ``None`` is empty."""
    if value is None:
        return ()
    return _seq(value)


def _name_list(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"expected a list of names, got {value!r}", field=attr.name, fix=f"list names in {attr.name}")
    if len(set(value)) != len(value):
        raise InputError(f"{attr.name} lists a name twice", field=attr.name, fix="list each name once")


def _opt_date(value: object) -> object:
    return None if value is None else _day(value)


def _maybe_date(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _date(inst, attr, value)


def _support(value: object) -> object:
    if value is None:
        return None
    try:
        out = as_fraction(value, "support")
    except InputError:
        return value
    return out


def _share(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, Fraction) or not 0 <= value <= 1):
        raise InputError(f"expected a share of the votes from 0 to 1, got {value!r}", field=attr.name, fix="e.g. 0.62")


def _conditions(value: object) -> frozenset[Condition]:
    if isinstance(value, Condition):
        value = (value,)
    if not isinstance(value, Iterable) or isinstance(value, str):
        raise InputError(
            f"expected conditions, got {abbrev(value)}", field="conditions", fix="give a list of conditions"
        )
    out = frozenset(value)
    if not out or not all(isinstance(c, Condition) for c in out):
        raise InputError("expected at least one Condition", field="conditions", fix="give a list of conditions")
    return out


def _parties(value: object) -> tuple[Party, ...]:
    if not isinstance(value, Iterable) or isinstance(value, (str, Mapping)):
        raise InputError(f"expected parties, got {abbrev(value)}", field="parties", fix="give a list of parties")
    out = tuple(value)
    if not all(isinstance(p, Party) for p in out):
        raise InputError("expected Party values", field="parties", fix="give a list of parties")
    names = [p.name for p in out]
    if len(set(names)) != len(names):
        raise InputError("a party is declared twice", field="parties", fix="declare each party once")
    return out


#: how an offer is made (BidSubmitted.form)
OFFER_FORMS = ("negotiated", "tender", "exchange", "merger")
#: what a gate reviews (GateScoped.scopes)
SCOPES = ("combination", "businesses", "control", "exports", "price", "conditions")
#: kinds of review, each with default scopes (GateScoped.review)
REVIEWS: dict[str, tuple[str, ...]] = {
    "competition": ("combination", "businesses"),
    "investment": ("control",),
    "export": ("exports",),
    "shareholders": ("price",),
    "all": SCOPES,
}
#: who approves (ApprovalRequired.body)
BODIES = ("target_shareholders", "acquirer_shareholders", "target_board", "acquirer_board", "other")


#: how precisely an event's record dates it (``Event.date_precision``)
DATE_PRECISIONS = ("day", "week", "month", "quarter", "half", "year")
#: how an event's record bounds its date (``Event.date_qualifier``)
DATE_QUALIFIERS = ("", "about", "by", "after", "inferred")


def format_dated(day: _dt.date, precision: str = "day", qualifier: str = "") -> str:
    """A date as a record gives it, to its precision and with its qualifier."""
    if precision == "week":
        monday = day - _dt.timedelta(days=day.weekday())
        text = f"the week of {monday.isoformat()}"
    elif precision == "month":
        text = f"{day:%Y-%m}"
    elif precision == "quarter":
        text = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    elif precision == "half":
        text = f"{day.year}-H{1 if day.month <= 6 else 2}"
    elif precision == "year":
        text = str(day.year)
    else:
        text = day.isoformat()
    if qualifier == "inferred":
        return f"{text} (inferred)"
    return f"{qualifier} {text}" if qualifier else text


# repr=False on every kind: Event.__repr__ serves them all (attrs generated reprs cost import time)
#: Every event class by its kind (the ``type`` of its plain-data form), e.g. ``"bid_submitted"``.
EVENT_TYPES: dict[str, type[Event]] = {}
E = TypeVar("E", bound="type[Event]")


def _kind(name: str) -> Callable[[E], E]:
    def deco(cls: E) -> E:
        cls.kind = name
        EVENT_TYPES[name] = cls
        return cls

    return deco


@attrs.frozen(kw_only=True, repr=False)
class Event:
    """Base of every event: who did what on which date, read where, and whether it is confirmed.

    Every change to a deal is an event (and statements that change nothing are
    events too).  Each subclass is registered under its ``kind``, the ``type`` of
    its plain-data form, and says in ``describe()`` what happened in one line.

    Attributes:
        date: the day it happened (ISO ``YYYY-MM-DD``); a deal's events never run backwards in time.
        actor: the party that acted (a party of the deal, or the seller's name for the opening).
        source: where it was read: a number of the case's ``sources`` list, or ``{number, url, title}``.
        verified: false when the record is unconfirmed (the timeline's UNVERIFIED mark).
        note: free text: a modelling choice, a disagreement between sources.
        date_precision: how precisely the record dates it: ``day`` (the default), ``week``,
            ``month``, ``quarter``, ``half`` or ``year``; ``date`` is then the day the replay
            places it, inside that span (say which in ``note``).
        date_qualifier: how the record bounds the date: ``""`` (on it, the default), ``about``
            (near it), ``by`` (on or before it), ``after`` (after it) or ``inferred`` (worked
            out, e.g. from a weekday a source names).
    """

    kind: ClassVar[str] = "event"
    changes_state: ClassVar[bool] = True
    #: an obligation that survives closing (a remedy) may still move on a closed deal
    survives_close: ClassVar[bool] = False
    #: a debt that survives any end (a fee paid) may still be recorded on an ended deal
    survives_end: ClassVar[bool] = False

    date: _dt.date = attrs.field(converter=_day, validator=_date)
    actor: str = attrs.field(validator=_name)
    source: Source | None = attrs.field(default=None, validator=_of(Source, optional=True))
    verified: bool = attrs.field(default=True, validator=_flag)
    note: str = attrs.field(default="", validator=_str)
    date_precision: str = attrs.field(default="day", validator=_one_of(DATE_PRECISIONS))
    date_qualifier: str = attrs.field(default="", validator=_one_of(DATE_QUALIFIERS))

    @property
    def exactly_dated(self) -> bool:
        """True when the record gives the very day (precision ``day``, no qualifier)."""
        return self.date_precision == "day" and not self.date_qualifier

    def dated(self) -> str:
        """The date as the record gives it: ``2023-01-24``, ``2023-01``,
        ``about 2023-05-04``, ``by 2022-H1``, ``after 2023-08-16``, ``2023-07-13 (inferred)``."""
        return format_dated(self.date, self.date_precision, self.date_qualifier)

    def describe(self) -> str:
        """One line saying what happened."""
        return self.kind.replace("_", " ")

    def __repr__(self) -> str:
        # one hand-written repr for every kind: attrs' generated one costs import time
        parts = [
            f"{f.name}={getattr(self, f.name)!r}" for f in attrs.fields(type(self)) if f.name != "note" or self.note
        ]
        return f"{type(self).__name__}({', '.join(parts)})"


def _terms_line(terms: Terms) -> str:
    # a big case repeats its offers: the same (immutable) terms are described once
    known = _TERMS_LINES.get(id(terms))
    if known is not None and known[0] is terms:
        return known[1]
    line = _describe_terms(terms)
    if len(_TERMS_LINES) >= 1024:
        _TERMS_LINES.clear()
    _TERMS_LINES[id(terms)] = (terms, line)  # the terms are held, so their id is not reused
    return line


_TERMS_LINES: dict[int, tuple[Terms, str]] = {}


def _describe_terms(terms: Terms) -> str:
    parts = [f"{str(terms.structure).replace('_', ' ')} of {terms.entity}"]
    if terms.cap_table:
        parts.append(", ".join(f"{s.holder} {format_fraction(s.share * 100)}%" for s in terms.cap_table))
    if terms.price is not None:
        parts.append(f"for {terms.price}")
    return " ".join(parts[:1]) + (": " + "; ".join(parts[1:]) if parts[1:] else "")


@_kind("deal_opened")
@attrs.frozen(kw_only=True, repr=False)
class DealOpened(Event):
    """Opens a deal for ``target``, sold by ``seller``; ``regulators`` have gates.

    The first event of every journal; a case file's header becomes it.

    Attributes:
        target: what is for sale (e.g. ``TikTok US operations``).
        seller: the selling party's name; it must be one of ``parties``.
        parties: every party of the deal, each with its role and jurisdiction.
        regulators: the regulators whose approval gates are required from the start.
    """

    target: str = attrs.field(validator=_name)
    seller: str = attrs.field(validator=_name)
    parties: tuple[Party, ...] = attrs.field(converter=_parties)
    regulators: tuple[str, ...] = attrs.field(default=(), converter=_seq, validator=_regulators)

    def describe(self) -> str:
        return f"deal opened for {self.target}, sold by {self.seller}"


@_kind("party_joined")
@attrs.frozen(kw_only=True, repr=False)
class PartyJoined(Event):
    """A party joins the deal after it opened (a new bidder, investor or regulator).

    Attributes:
        party: the party, with its name, role and jurisdiction.
    """

    party: Party = attrs.field(validator=_of(Party))

    def describe(self) -> str:
        return f"{self.party.name} joins as {self.party.role}"


@_kind("bid_submitted")
@attrs.frozen(kw_only=True, repr=False)
class BidSubmitted(Event):
    """A bidder, or a consortium, submits a bid on terms; the bid starts ``submitted``.

    ``unsolicited`` marks an offer the seller (the target) did not invite (a hostile
    offer once rejected); ``form`` is how it is made.

    Attributes:
        bid: the bid's name, unique in the deal (e.g. ``microsoft``).
        bidders: the bidding parties, one or several (a consortium); a single name is a one-name list.
        terms: what the bid offers: structure, entity, cap table, assets, price, conditions.
        unsolicited: true for an offer the target did not invite (unsolicited or hostile).
        form: ``negotiated`` (to the board), ``tender`` (cash, to the shareholders), ``exchange``
            (shares, to the shareholders) or ``merger`` (a merger proposal).
    """

    bid: str = attrs.field(validator=_name)
    bidders: tuple[str, ...] = attrs.field(converter=_seq, validator=_names)
    terms: Terms = attrs.field(validator=_of(Terms))
    unsolicited: bool = attrs.field(default=False, validator=_flag)
    form: str = attrs.field(default="negotiated", validator=_one_of(OFFER_FORMS))

    def describe(self) -> str:
        how = ("unsolicited " if self.unsolicited else "") + ("" if self.form == "negotiated" else f"{self.form} ")
        return f"{' + '.join(self.bidders)} {how}bid {self.bid!r}: {_terms_line(self.terms)}"


@_kind("bid_revised")
@attrs.frozen(kw_only=True, repr=False)
class BidRevised(Event):
    """A new round of a bid: new terms (raised or lowered, also after a rejection),
    new bidders or both (the bid becomes ``revised``).

    Attributes:
        bid: the bid being revised.
        terms: the new terms (unchanged when omitted).
        bidders: the new bidders (unchanged when omitted); at least one of terms and bidders is given.
    """

    bid: str = attrs.field(validator=_name)
    terms: Terms | None = attrs.field(default=None, validator=_of(Terms, optional=True))
    bidders: tuple[str, ...] | None = attrs.field(default=None, converter=_seq, validator=_names)

    def __attrs_post_init__(self) -> None:
        if self.terms is None and self.bidders is None:
            raise InputError("a revision changes nothing", field="terms", fix="give new terms, new bidders or both")

    def describe(self) -> str:
        what = []
        if self.bidders is not None:
            what.append("bidders " + " + ".join(self.bidders))
        if self.terms is not None:
            what.append(_terms_line(self.terms))
        return f"bid {self.bid!r} revised: {'; '.join(what)}"


@_kind("bid_rejected")
@attrs.frozen(kw_only=True, repr=False)
class BidRejected(Event):
    """The seller rejects a bid; a rejected bid is never accepted later.

    Attributes:
        bid: the rejected bid.
        reason: why, as the record gives it.
    """

    bid: str = attrs.field(validator=_name)
    reason: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return f"bid {self.bid!r} rejected" + (f": {self.reason}" if self.reason else "")


@_kind("bid_withdrawn")
@attrs.frozen(kw_only=True, repr=False)
class BidWithdrawn(Event):
    """Its bidders withdraw a bid; a withdrawn bid is never accepted later.

    Attributes:
        bid: the withdrawn bid.
        reason: why, as the record gives it.
        ends_deal: true when the pursuit ends there: the deal ends ``withdrawn`` (an offer
            withdrawn is not a terminated agreement).
    """

    bid: str = attrs.field(validator=_name)
    reason: str = attrs.field(default="", validator=_str)
    ends_deal: bool = attrs.field(default=False, validator=_flag)

    def describe(self) -> str:
        end = " (the pursuit ends)" if self.ends_deal else ""
        return f"bid {self.bid!r} withdrawn{end}" + (f": {self.reason}" if self.reason else "")


@_kind("bid_accepted")
@attrs.frozen(kw_only=True, repr=False)
class BidAccepted(Event):
    """The seller accepts a bid: its terms become the deal's terms under negotiation.

    At most one bid is accepted at a time.

    Attributes:
        bid: the accepted bid.
    """

    bid: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"bid {self.bid!r} accepted"


@_kind("terms_proposed")
@attrs.frozen(kw_only=True, repr=False)
class TermsProposed(Event):
    """New terms under negotiation (a restructuring); approvals of old terms lapse.

    Only the approvals whose scope the change touches are withdrawn, and the
    history says which and why.

    Attributes:
        terms: the proposed terms.
    """

    terms: Terms = attrs.field(validator=_of(Terms))

    def describe(self) -> str:
        return f"terms proposed: {_terms_line(self.terms)}"


@_kind("terms_agreed")
@attrs.frozen(kw_only=True, repr=False)
class TermsAgreed(Event):
    """The parties agree on ``terms`` (or on the terms under negotiation).

    Signing needs agreed terms; regulators' approvals are of these exact terms.

    Attributes:
        terms: the agreed terms; when omitted, the terms under negotiation.
    """

    terms: Terms | None = attrs.field(default=None, validator=_of(Terms, optional=True))

    def describe(self) -> str:
        return "terms agreed" + (f": {_terms_line(self.terms)}" if self.terms else "")


@_kind("deal_signed")
@attrs.frozen(kw_only=True, repr=False)
class DealSigned(Event):
    """The parties sign the definitive agreement on the agreed terms (or on
    ``terms``, agreed by signing them).

    Signing needs only the parties' agreement; clearances, votes and other
    conditions precedent are conditions to closing.

    Attributes:
        terms: the terms signed, when signing is also their agreement (else the agreed terms).
        contract: the agreement's consideration, outside date, fees, prepayments and
            conditions precedent (optional).
    """

    terms: Terms | None = attrs.field(default=None, validator=_of(Terms, optional=True))
    contract: Contract | None = attrs.field(default=None, validator=_of(Contract, optional=True))

    def describe(self) -> str:
        extra = []
        if self.contract is not None and self.contract.consideration is not None:
            extra.append(str(self.contract.consideration))
        if self.contract is not None and self.contract.outside_date is not None:
            extra.append(f"outside date {self.contract.outside_date}")
        on = f" on {_terms_line(self.terms)}" if self.terms is not None else ""
        return "deal signed" + on + (f" ({'; '.join(extra)})" if extra else "")


@_kind("deal_closed")
class DealClosed(Event):
    """The deal closes on the signed terms: a final state, no change after it.

    No fields beyond the common ones.
    """

    def describe(self) -> str:
        return "deal closed"


@_kind("deal_terminated")
@attrs.frozen(kw_only=True, repr=False)
class DealTerminated(Event):
    """The deal ends without closing: a final state, no change after it.

    Fees whose trigger is the one used fall due (see :meth:`Deal.settlement`).

    Attributes:
        reason: why it ended, as the record gives it.
        trigger: the right of the agreement used (see ``dealflow._agreement.TRIGGERS``;
            ``outside_date`` only once the outside date has passed, by either party), or empty.
        mutual: true when the parties to the agreement agreed to terminate it together (a
            termination by mutual agreement, resting on ``trigger``: its fees still fall due),
            rather than one party using the right alone; the actor is then a party to the agreement.
    """

    reason: str = attrs.field(default="", validator=_str)
    trigger: str = attrs.field(default="", validator=_one_of(("", *TRIGGERS)))
    mutual: bool = attrs.field(default=False, validator=_flag)

    def describe(self) -> str:
        why = f" ({self.trigger.replace('_', ' ')})" if self.trigger else ""
        how = " by mutual agreement" if self.mutual else ""
        return "deal terminated" + how + why + (f": {self.reason}" if self.reason else "")


@_kind("condition_met")
@attrs.frozen(kw_only=True, repr=False)
class ConditionMet(Event):
    """A condition attached to an approval (or promised by the terms) is met.

    Attributes:
        condition: the condition met, e.g. ``{kind: export_licence, party: Beijing, value: recommendation_algorithm}``.
    """

    condition: Condition = attrs.field(validator=_of(Condition))

    def describe(self) -> str:
        return f"condition met: {self.condition}"


@_kind("gate_required")
@attrs.frozen(kw_only=True, repr=False)
class GateRequired(Event):
    """A regulator's approval becomes required (its gate goes from not required to pending).

    Attributes:
        regulator: the regulator whose gate is now required.
    """

    regulator: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"{self.regulator}'s approval now required"


@_kind("gate_waived")
@attrs.frozen(kw_only=True, repr=False)
class GateWaived(Event):
    """A regulator's approval is no longer required (its gate is waived).

    Attributes:
        regulator: the regulator whose gate is waived.
        reason: why, as the record gives it.
    """

    regulator: str = attrs.field(validator=_name)
    reason: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return f"{self.regulator}'s approval no longer required"


@_kind("review_opened")
@attrs.frozen(kw_only=True, repr=False)
class ReviewOpened(Event):
    """A regulator opens its review of the terms (or of an offer never accepted), on a clock of ``days``.

    Attributes:
        regulator: the reviewing regulator.
        days: the length of the review clock (e.g. 45 for CFIUS's first phase).
        business_days: true when the clock counts business days (China's 30 working days), else calendar days.
        bid: the offer under review when it was never accepted, else empty (the current terms).
    """

    regulator: str = attrs.field(validator=_name)
    days: int = attrs.field(validator=_positive)
    business_days: bool = attrs.field(default=False, validator=_flag)
    bid: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        unit = "business days" if self.business_days else "days"
        return f"{self.regulator} opens a review ({self.days} {unit})"


@_kind("review_extended")
@attrs.frozen(kw_only=True, repr=False)
class ReviewExtended(Event):
    """A regulator extends its review clock.

    Attributes:
        regulator: the reviewing regulator.
        days: the days added to the review clock.
    """

    regulator: str = attrs.field(validator=_name)
    days: int = attrs.field(validator=_positive)

    def describe(self) -> str:
        return f"{self.regulator} extends its review by {self.days} days"


@_kind("approved")
@attrs.frozen(kw_only=True, repr=False)
class Approved(Event):
    """A regulator approves the current terms (or an offer's) outright.

    The approval is of these exact terms: new terms withdraw it when the change
    touches its scope.

    Attributes:
        regulator: the approving regulator.
        bid: the offer approved when it was never accepted, else empty (the current terms).
    """

    regulator: str = attrs.field(validator=_name)
    bid: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return f"{self.regulator} approves"


@_kind("conditionally_approved")
@attrs.frozen(kw_only=True, repr=False)
class ConditionallyApproved(Event):
    """A regulator approves the current terms (or an offer's) on conditions that must be met before closing.

    Attributes:
        regulator: the approving regulator.
        conditions: the conditions attached, at least one.
        bid: the offer approved when it was never accepted, else empty (the current terms).
    """

    regulator: str = attrs.field(validator=_name)
    conditions: frozenset[Condition] = attrs.field(converter=_conditions)
    bid: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return f"{self.regulator} approves on conditions: " + ", ".join(str(c) for c in sorted(self.conditions))


@_kind("blocked")
@attrs.frozen(kw_only=True, repr=False)
class Blocked(Event):
    """A regulator blocks the current terms (or an offer never accepted).

    Attributes:
        regulator: the blocking regulator.
        reason: why, as the record gives it.
        bid: the offer blocked when it was never accepted, else empty (the current terms).
    """

    regulator: str = attrs.field(validator=_name)
    reason: str = attrs.field(default="", validator=_str)
    bid: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return f"{self.regulator} blocks" + (f": {self.reason}" if self.reason else "")


@_kind("rule_enacted")
@attrs.frozen(kw_only=True, repr=False)
class RuleEnacted(Event):
    """``regulator`` puts ``rule`` in force under ``name`` from the event's date.

    Attributes:
        regulator: the regulator whose rule it is.
        name: the name the rule is known by (a later ``rule_repealed`` names it).
        rule: the rule, by its registered spec (``{rule: NAME, ...params}``, or ``all``/``any``/``not``).
    """

    regulator: str = attrs.field(validator=_name)
    name: str = attrs.field(validator=_name)
    rule: Rule = attrs.field(validator=_of(Rule))

    def describe(self) -> str:
        return f"{self.regulator} enacts rule {self.name!r}"


@_kind("rule_repealed")
@attrs.frozen(kw_only=True, repr=False)
class RuleRepealed(Event):
    """``regulator`` repeals the rule it enacted under ``name``.

    Attributes:
        regulator: the regulator whose rule it is.
        name: the name the rule was enacted under.
    """

    regulator: str = attrs.field(validator=_name)
    name: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"{self.regulator} repeals rule {self.name!r}"


@_kind("mandate_issued")
@attrs.frozen(kw_only=True, repr=False)
class MandateIssued(Event):
    """An order to divest by ``deadline``; extensions may add up to
    ``extension_cap_days`` in all, once only when ``one_time_extension``.

    Attributes:
        mandate: the mandate's name (e.g. ``CFIUS order``, ``the Act``).
        deadline: the day by which the divestiture must be done.
        extension_cap_days: the most days that extensions may add in all (0: no extension).
        one_time_extension: true when the deadline may be extended once only.
        description: what the order says, in a line.
    """

    mandate: str = attrs.field(validator=_name)
    deadline: _dt.date = attrs.field(converter=_day, validator=_date)
    extension_cap_days: int = attrs.field(default=0, validator=_positive)
    one_time_extension: bool = attrs.field(default=False, validator=_flag)
    description: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return f"mandate {self.mandate!r} issued: divest by {self.deadline}"


@_kind("deadline_extended")
@attrs.frozen(kw_only=True, repr=False)
class DeadlineExtended(Event):
    """A mandate's deadline moves to a later day (within its extension cap).

    Attributes:
        mandate: the mandate extended.
        to: the new deadline.
    """

    mandate: str = attrs.field(validator=_name)
    to: _dt.date = attrs.field(converter=_day, validator=_date)

    def describe(self) -> str:
        return f"mandate {self.mandate!r} deadline extended to {self.to}"


@_kind("enforcement_paused")
@attrs.frozen(kw_only=True, repr=False)
class EnforcementPaused(Event):
    """A non-enforcement order: the deadline stands, enforcement waits until ``until``.

    Attributes:
        mandate: the mandate not enforced.
        until: the day enforcement may resume.
    """

    mandate: str = attrs.field(validator=_name)
    until: _dt.date = attrs.field(converter=_day, validator=_date)

    def describe(self) -> str:
        return f"mandate {self.mandate!r} not enforced until {self.until}"


@attrs.frozen(kw_only=True, repr=False)
class MandateEvent(Event):
    """Base of the events that name only a mandate; each kind says what happened
    in ``says`` (plain subclasses: no attrs class is generated for them).

    Attributes:
        mandate: the mandate concerned.
    """

    says: ClassVar[str] = "mandate {mandate!r}"
    mandate: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return self.says.format(mandate=self.mandate)


@_kind("enjoined")
class Enjoined(MandateEvent):
    """A court enjoins a mandate: it cannot be enforced until the injunction is lifted."""

    says = "mandate {mandate!r} enjoined"


@_kind("injunction_lifted")
class InjunctionLifted(MandateEvent):
    """A court lifts the injunction against a mandate: it can be enforced again."""

    says = "injunction against {mandate!r} lifted"


@_kind("mandate_lapsed")
class MandateLapsed(MandateEvent):
    """A mandate's deadline passes and it lapses unenforced."""

    says = "mandate {mandate!r} lapses unenforced"


@_kind("mandate_enforced")
class MandateEnforced(MandateEvent):
    """A mandate is enforced after its deadline (e.g. the 2025 shutdown)."""

    says = "mandate {mandate!r} enforced"


@_kind("mandate_revoked")
class MandateRevoked(MandateEvent):
    """A mandate is revoked (e.g. EO 13942, revoked on 2021-06-09)."""

    says = "mandate {mandate!r} revoked"


@_kind("divestiture_qualified")
class DivestitureQualified(MandateEvent):
    """The terms under negotiation are determined a qualified divestiture: closing
    on exactly those terms satisfies ``mandate``.
    """

    says = "terms determined a qualified divestiture under {mandate!r}"


@_kind("statement")
@attrs.frozen(kw_only=True, repr=False)
class Statement(Event):
    """A statement or signal that changes no state (``label`` says which:
    statement, signal, lawsuit, court_ruling...).

    Attributes:
        text: what was said or done, in a sentence.
        label: the kind of statement: statement, signal, lawsuit, court_ruling...
    """

    changes_state: ClassVar[bool] = False

    text: str = attrs.field(validator=_name)
    label: str = attrs.field(default="statement", validator=_name)

    def describe(self) -> str:
        return f"{self.label.replace('_', ' ')}: {self.text}"


# ---------------------------------------------------------------------- scopes of review


@_kind("gate_scoped")
@attrs.frozen(kw_only=True, repr=False)
class GateScoped(Event):
    """Declares what ``regulator``'s gate reviews: a ``review`` kind with default
    scopes (``competition``: who combines with whom and which businesses;
    ``investment``: who controls what; ``export``: which assets leave which
    country; ``shareholders``: price and consideration; ``all``, the default of an
    undeclared gate) and/or explicit ``scopes`` (from ``combination``,
    ``businesses``, ``control``, ``exports``, ``price``, ``conditions``).  A change
    of terms withdraws the gate's review or decision only if it touches a scope.

    Attributes:
        regulator: the regulator whose gate it is (declared a regulator party if it is not one yet).
        review: the kind of review: ``competition``, ``investment``, ``export``,
            ``shareholders`` or ``all``; empty when only ``scopes`` are given.
        scopes: what the gate reviews, overriding the review's defaults; empty to keep them.
            At least one of review and scopes is given.
    """

    regulator: str = attrs.field(validator=_name)
    review: str = attrs.field(default="", validator=_one_of(("", *REVIEWS)))
    scopes: tuple[str, ...] = attrs.field(default=(), converter=_opt_names, validator=_name_list)

    def __attrs_post_init__(self) -> None:
        if not self.review and not self.scopes:
            raise InputError("a scope declaration declares nothing", field="review", fix="give a review or scopes")
        unknown = [s for s in self.scopes if s not in SCOPES]
        if unknown:
            raise InputError(f"unknown scope {unknown[0]!r}", field="scopes", fix=f"use some of: {', '.join(SCOPES)}")

    def describe(self) -> str:
        what = self.review or "custom"
        scopes = ", ".join(self.scopes or REVIEWS.get(self.review, ()))
        return f"{self.regulator} reviews as {what}: {scopes}"


# ---------------------------------------------------------------------- the agreement


@_kind("deal_abandoned")
@attrs.frozen(kw_only=True, repr=False)
class DealAbandoned(Event):
    """The parties abandon an agreed or signed deal (for instance under review):
    it ends ``abandoned``, by mutual consent, without termination fees (unless a
    ``termination_agreed`` before it kept some payable).

    Refused unless the deal is agreed or signed.

    Attributes:
        reason: why the parties abandon it, in a line (optional).
    """

    reason: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        return "deal abandoned" + (f": {self.reason}" if self.reason else "")


@_kind("outside_date_extended")
@attrs.frozen(kw_only=True, repr=False)
class OutsideDateExtended(Event):
    """The signed agreement's outside (long-stop) date moves to ``to``: by the
    parties' agreement (an amendment, which may also grant an ``option`` to extend
    it once more later), or, with ``exercise``, by a party using the option the
    agreement gives it.

    Refused when no agreement in force has an outside date, or when ``to`` is not
    after the current one; each extension is counted.  An exercise is refused
    without an option outstanding, for another date than the option's, from a
    party the option does not name, after its notice deadline, and (for an option
    open only while clearances remain) while anything but a regulator's clearance
    still bars the close; it uses the option up.

    Attributes:
        to: the new outside date, after the current one.
        reason: why it was extended, in a line (optional).
        option: a right to extend again, granted by this amendment (replaces any earlier one).
        exercise: true when a party extends under the option the agreement gives it (not an amendment).
    """

    to: _dt.date = attrs.field(converter=_day, validator=_date)
    reason: str = attrs.field(default="", validator=_str)
    option: ExtensionOption | None = attrs.field(default=None, validator=_of(ExtensionOption, optional=True))
    exercise: bool = attrs.field(default=False, validator=_flag)

    def __attrs_post_init__(self) -> None:
        if self.exercise and self.option is not None:
            raise InputError(
                "an exercise of an option grants no new option", field="option", fix="drop option, or exercise: false"
            )
        if self.option is not None and self.option.to <= self.to:
            raise InputError(
                f"the option extends to {self.option.to}, not after the new outside date {self.to}",
                field="option",
                fix="give the option a later date",
            )

    def describe(self) -> str:
        how = " under the option to extend" if self.exercise else ""
        more = f" (extendable by notice to {self.option.to})" if self.option is not None else ""
        return f"outside date extended{how} to {self.to}{more}" + (f": {self.reason}" if self.reason else "")


@_kind("condition_waived")
@attrs.frozen(kw_only=True, repr=False)
class ConditionWaived(Event):
    """The actor, entitled by the agreement to waive it, waives condition precedent ``condition``.

    Refused without an agreement in force, for a condition that is not one of its
    conditions precedent, for an actor not in its ``waivable_by``, and twice.

    Attributes:
        condition: the condition precedent waived, as the signed contract lists it.
    """

    condition: Condition = attrs.field(validator=_of(Condition))

    def describe(self) -> str:
        return f"{self.actor} waives condition {self.condition}"


# ---------------------------------------------------------------------- party approvals


@_kind("approval_required")
@attrs.frozen(kw_only=True, repr=False)
class ApprovalRequired(Event):
    """A party approval named ``approval``: a vote of ``body`` (the target's or the
    acquirer's shareholders or board, see ``BODIES``) of ``party``, due by ``due``.
    When ``precedent`` it is a condition precedent to closing; ``nominees`` make it
    a proxy contest (board nominees put to the shareholders).  ``scopes`` say what
    it approves (default: price for shareholders, price and combination for
    boards); ``waivable_by`` who may waive it.

    The approval starts ``required``; a name already used is refused.

    Attributes:
        approval: the approval's name, unique in the deal (later votes and waivers name it).
        body: who votes: ``target_shareholders``, ``acquirer_shareholders``,
            ``target_board``, ``acquirer_board`` or ``other``.
        party: the party whose body votes (the target or an acquirer).
        due: the day the vote is due by (optional).
        scopes: what it approves, from the gate scopes (default: ``price`` for
            shareholders and others, ``price`` and ``combination`` for boards, none
            for a proxy contest); a change of terms in scope sends it back to a new vote.
        nominees: board nominees put to the shareholders (a proxy contest); empty for an approval of the terms.
        precedent: true when it is a condition precedent to closing (closing waits until it passes or is waived).
        waivable_by: the parties entitled to waive it (none: it must pass).
    """

    approval: str = attrs.field(validator=_name)
    body: str = attrs.field(validator=_one_of(BODIES))
    party: str = attrs.field(validator=_name)
    due: _dt.date | None = attrs.field(default=None, converter=_opt_date, validator=_maybe_date)
    scopes: tuple[str, ...] = attrs.field(default=(), converter=_opt_names, validator=_name_list)
    nominees: tuple[str, ...] = attrs.field(default=(), converter=_opt_names, validator=_name_list)
    precedent: bool = attrs.field(default=True, validator=_flag)
    waivable_by: tuple[str, ...] = attrs.field(default=(), converter=_opt_names, validator=_name_list)

    def __attrs_post_init__(self) -> None:
        unknown = [s for s in self.scopes if s not in SCOPES]
        if unknown:
            raise InputError(f"unknown scope {unknown[0]!r}", field="scopes", fix=f"use some of: {', '.join(SCOPES)}")

    def describe(self) -> str:
        who = self.body.replace("_", " ")
        what = f"elect {', '.join(self.nominees)}" if self.nominees else f"approve ({self.approval})"
        return f"{self.party}'s {who} to {what}" + (f" by {self.due}" if self.due else "")


@_kind("vote_held")
@attrs.frozen(kw_only=True, repr=False)
class VoteHeld(Event):
    """The vote on party approval ``approval`` is held: ``passed`` or not, with
    ``support`` the share of votes cast in favour when known.

    The approval moves to ``approved`` or ``rejected`` and records the terms voted
    on; refused when it is not ``required``, or (except for a proxy contest) when
    there are no terms to vote on.

    Attributes:
        approval: the party approval voted on.
        passed: true when the vote approves, false when it rejects.
        support: the share of the votes cast in favour, from 0 to 1 (e.g. ``0.62``), when known.
    """

    approval: str = attrs.field(validator=_name)
    passed: bool = attrs.field(validator=_flag)
    support: Fraction | None = attrs.field(default=None, converter=_support, validator=_share)

    def describe(self) -> str:
        share = f" ({format_fraction(self.support * 100)}% in favour)" if self.support is not None else ""
        return f"vote on {self.approval!r} {'passes' if self.passed else 'fails'}{share}"


@_kind("approval_waived")
@attrs.frozen(kw_only=True, repr=False)
class ApprovalWaived(Event):
    """The actor, entitled to waive it, waives party approval ``approval``.

    The approval moves to ``waived`` (from ``required`` or ``rejected``) and no
    longer bars closing; refused for an actor not in its ``waivable_by``.

    Attributes:
        approval: the party approval waived.
    """

    approval: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"{self.actor} waives the approval {self.approval!r}"


# ---------------------------------------------------------------------- remedies

#: what a remedy is (RemedyOffered.nature)
REMEDY_NATURES = ("behavioural", "structural")


@_kind("remedy_offered")
@attrs.frozen(kw_only=True, repr=False)
class RemedyOffered(Event):
    """The parties offer ``regulator`` a remedy named ``remedy``: ``behavioural``
    commitments (for ``years``) or a ``structural`` divestiture of ``assets`` to a
    named remedy ``buyer``, whose purchase needs the clearance of the regulators
    in ``buyer_clearance``.  An ``upfront`` remedy must complete before closing;
    others survive closing as obligations.

    The remedy starts ``offered``; a name already used is refused.

    Attributes:
        remedy: the remedy's name, unique in the deal (later remedy events name it).
        regulator: the regulator it is offered to; only it accepts or discharges the remedy.
        nature: ``behavioural`` (commitments) or ``structural`` (a divestiture).
        description: what the remedy commits to, in a line.
        buyer: the named remedy buyer of a structural remedy (required when upfront or
            when its purchase needs clearances).
        assets: the assets or businesses divested (structural).
        buyer_clearance: the regulators whose clearance the remedy buyer's purchase needs
            before the remedy can complete.
        upfront: true when the divestiture must complete before closing (it bars the close until then).
        years: how long behavioural commitments last, in years (0: not stated).
    """

    remedy: str = attrs.field(validator=_name)
    regulator: str = attrs.field(validator=_name)
    nature: str = attrs.field(validator=_one_of(REMEDY_NATURES))
    description: str = attrs.field(default="", validator=_str)
    buyer: str = attrs.field(default="", validator=_str)
    assets: tuple[str, ...] = attrs.field(default=(), converter=_opt_names, validator=_name_list)
    buyer_clearance: tuple[str, ...] = attrs.field(default=(), converter=_opt_names, validator=_name_list)
    upfront: bool = attrs.field(default=False, validator=_flag)
    years: int = attrs.field(default=0, validator=_positive)

    def __attrs_post_init__(self) -> None:
        if self.nature == "structural" and not self.buyer and (self.upfront or self.buyer_clearance):
            raise InputError("an upfront or cleared sale needs a named buyer", field="buyer", fix="name the buyer")
        if self.nature == "behavioural" and (self.buyer or self.upfront or self.buyer_clearance):
            raise InputError(
                "a behavioural remedy sells nothing", field="nature", fix="make it structural, or drop the buyer"
            )

    def describe(self) -> str:
        if self.nature == "structural":
            to = f" to {self.buyer}" if self.buyer else ""
            what = f"sale of {', '.join(self.assets) or 'a business'}{to}" + (" (upfront)" if self.upfront else "")
        else:
            what = "commitments" + (f" for {self.years} years" if self.years else "")
        return f"remedy {self.remedy!r} offered to {self.regulator}: {what}"


@attrs.frozen(kw_only=True, repr=False)
class RemedyEvent(Event):
    """Base of the events that name only a remedy (``says`` tells what happened).

    Attributes:
        remedy: the remedy concerned, by the name it was offered under.
    """

    says: ClassVar[str] = "remedy {remedy!r}"
    remedy: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return self.says.format(remedy=self.remedy, actor=self.actor)


@_kind("remedy_accepted")
class RemedyAccepted(RemedyEvent):
    """The regulator accepts the remedy: its commitments bind the parties.

    The remedy moves from ``offered`` to ``accepted``; the actor must be the
    regulator it was offered to."""

    says = "remedy {remedy!r} accepted"


@_kind("remedy_buyer_cleared")
class RemedyBuyerCleared(RemedyEvent):
    """A regulator named in the remedy's ``buyer_clearance`` (the actor) clears the remedy buyer's purchase.

    Refused from another regulator, twice from the same one, and once the remedy is
    completed or discharged."""

    survives_close = True
    says = "{actor} clears the buyer of remedy {remedy!r}"


@_kind("remedy_completed")
class RemedyCompleted(RemedyEvent):
    """The remedy's divestiture is completed (before closing for an upfront remedy).

    The remedy moves from ``accepted`` to ``completed``; refused for a behavioural
    remedy and while a clearance in ``buyer_clearance`` is missing."""

    survives_close = True
    says = "remedy {remedy!r} completed"


@_kind("remedy_discharged")
class RemedyDischarged(RemedyEvent):
    """The remedy's obligations end (commitments expired or released).

    The remedy moves from ``offered`` or ``accepted`` to ``discharged``; the actor
    must be the regulator it was offered to."""

    survives_close = True
    says = "remedy {remedy!r} discharged"
