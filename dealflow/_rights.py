"""Rights and obligations that survive closing: a government's special rights in
the closed company (a golden share) and mitigation or national security
agreements.

- **Special rights** (``rights_granted``): consent rights over listed kinds of
  action (:data:`ACTIONS`; an asset sale may be limited to listed assets),
  appointment rights (the holder appoints up to N directors) and nationality
  requirements for directors or officers.  A :class:`CorporateAction` that needs
  the holder's consent is refused until the holder records ``consent_given`` for
  that action (and those assets); each consent is used once.
- **Agreements** (``agreement_entered``): a national security or mitigation
  agreement binding named parties to obligations, with its own machine
  (in force ⇄ breached → ended).

These events, and corporate actions, are accepted after the deal closed: that is
when they matter (see :func:`dealflow._concepts.post_closing`).
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import attrs

from . import _events as ev
from ._concepts import Change, DealMethods, check, on, post_closing
from ._errors import InputError, RefusedEvent, UnknownParty
from ._events import _kind, _name, _seq, _str
from ._machines import MachineSpec, many, register_machine

if TYPE_CHECKING:
    from ._deal import Deal

__all__ = [
    "ACTIONS",
    "AGREEMENT",
    "AgreementBreached",
    "AgreementEnded",
    "AgreementEntered",
    "AgreementStatus",
    "BreachCured",
    "ConsentGiven",
    "CorporateAction",
    "RightsGranted",
    "RightsMethods",
    "RightsStatus",
]

#: the kinds of action that consent rights, interim orders and corporate actions name
ACTIONS = frozenset(
    {
        "appoint_director",
        "appoint_officer",
        "asset_sale",
        "change_of_control",
        "closing",
        "data_transfer",
        "dissolution",
        "integration",
        "relocation",
        "resume_service",
        "shareholder_meeting",
        "suspend_service",
    }
)

AGREEMENT = register_machine(
    MachineSpec(
        "agreement",
        ("in_force", "breached", "ended"),
        "in_force",
        frozenset({"ended"}),
        tuple(
            many("breach", "in_force breached", "breached")
            + many("cure", "breached", "in_force")
            + many("end", "in_force breached", "ended")
        ),
    )
)

AGREEMENT_KINDS = ("national_security", "mitigation", "voting")


def _text_list(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(
            f"expected a list of names, got {value!r}", field=attr.name, fix=f"write {attr.name} as a list"
        )
    if len(set(value)) != len(value):
        raise InputError(f"{attr.name} lists a name twice", field=attr.name, fix="list each name once")


def _actions(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    _text_list(inst, attr, value)
    assert isinstance(value, tuple)
    unknown = sorted(set(value) - ACTIONS)
    if unknown:
        raise InputError(
            f"unknown action {unknown[0]!r}", field=attr.name, fix=f"use one of: {', '.join(sorted(ACTIONS))}"
        )


def _action(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value not in ACTIONS:
        raise InputError(f"unknown action {value!r}", field=attr.name, fix=f"use one of: {', '.join(sorted(ACTIONS))}")


def _count(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"expected a whole number of 0 or more, got {value!r}", field=attr.name, fix="e.g. 1")


def _optional_text(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InputError(
            f"expected a name, got {value!r}", field=attr.name, fix=f"give {attr.name} as text, or omit it"
        )


def _agreement_kind(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value not in AGREEMENT_KINDS:
        raise InputError(
            f"unknown kind of agreement {value!r}", field=attr.name, fix=f"use one of: {', '.join(AGREEMENT_KINDS)}"
        )


# ---------------------------------------------------------------------- events


@_kind("rights_granted")
@attrs.frozen(kw_only=True, repr=False)
class RightsGranted(ev.Event):
    """The holder (``actor``, typically a government) takes special rights named
    ``rights`` in the closed company: its consent is needed for the actions in
    ``consent_over`` (for ``asset_sale``, only of ``listed_assets`` when some are
    listed); it appoints up to ``appoints_directors`` directors; directors (officers)
    must be of ``director_nationality`` (``officer_nationality``).

    Refused for a name already used, and when the rights grant nothing.

    Attributes:
        rights: the rights' name, unique in the deal (consents name it).
        consent_over: the kinds of action that need the holder's consent (from ``ACTIONS``).
        listed_assets: for ``asset_sale`` in consent_over: only sales of these assets need consent (none: any sale).
        appoints_directors: how many directors the holder appoints (0: none).
        director_nationality: the nationality every director appointed must have (none: no requirement).
        officer_nationality: the nationality every officer appointed must have (none: no requirement).
        description: what the rights are, in a line (e.g. a golden share).
    """

    rights: str = attrs.field(validator=_name)
    consent_over: tuple[str, ...] = attrs.field(default=(), converter=_seq, validator=_actions)
    listed_assets: tuple[str, ...] = attrs.field(default=(), converter=_seq, validator=_text_list)
    appoints_directors: int = attrs.field(default=0, validator=_count)
    director_nationality: str | None = attrs.field(default=None, validator=_optional_text)
    officer_nationality: str | None = attrs.field(default=None, validator=_optional_text)
    description: str = attrs.field(default="", validator=_str)

    def __attrs_post_init__(self) -> None:
        if not (self.consent_over or self.appoints_directors or self.director_nationality or self.officer_nationality):
            raise InputError(
                "the rights grant nothing",
                field="consent_over",
                fix="give consent_over, appoints_directors or a nationality requirement",
            )
        if self.listed_assets and "asset_sale" not in self.consent_over:
            raise InputError(
                "listed assets without a consent right over asset sales",
                field="listed_assets",
                fix="add asset_sale to consent_over",
            )

    def describe(self) -> str:
        parts = []
        if self.consent_over:
            parts.append("consent over " + ", ".join(a.replace("_", " ") for a in self.consent_over))
        if self.listed_assets:
            parts.append("listed assets " + ", ".join(self.listed_assets))
        if self.appoints_directors:
            parts.append(f"appoints {self.appoints_directors} director(s)")
        if self.director_nationality:
            parts.append(f"directors of {self.director_nationality}")
        if self.officer_nationality:
            parts.append(f"officers of {self.officer_nationality}")
        return f"{self.actor} takes special rights {self.rights!r}: " + "; ".join(parts)


@_kind("consent_given")
@attrs.frozen(kw_only=True, repr=False)
class ConsentGiven(ev.Event):
    """The holder of ``rights`` (``actor``) consents to one ``action`` (of
    ``assets``, for an asset sale); the consent is used by the next such action.

    Refused from anyone but the holder, and for an action the rights give no consent over.

    Attributes:
        rights: the special rights under which the consent is given.
        action: the kind of action consented to (one of ``ACTIONS``).
        assets: the assets consented to, for an asset sale.
    """

    rights: str = attrs.field(validator=_name)
    action: str = attrs.field(validator=_action)
    assets: tuple[str, ...] = attrs.field(default=(), converter=_seq, validator=_text_list)

    def describe(self) -> str:
        what = self.action.replace("_", " ") + (f" of {', '.join(self.assets)}" if self.assets else "")
        return f"{self.actor} consents under {self.rights!r} to {what}"


@_kind("corporate_action")
@attrs.frozen(kw_only=True, repr=False)
class CorporateAction(ev.Event):
    """The company (``actor``) takes an ``action`` (one of :data:`ACTIONS`): sells
    ``assets``, appoints ``person`` (of ``nationality``), holds a meeting...  It is
    refused while an interim order forbids it, and without the consent a special
    right requires.

    It uses a matching consent; a holder appointing directors uses one of its
    appointments, and is refused when it has none left.

    Attributes:
        action: the kind of action taken (one of ``ACTIONS``).
        assets: the assets concerned (sold, for an asset sale).
        person: who is appointed, for an appointment.
        nationality: the appointee's nationality (checked against the rights' requirements).
        detail: what was done, in a line.
    """

    action: str = attrs.field(validator=_action)
    assets: tuple[str, ...] = attrs.field(default=(), converter=_seq, validator=_text_list)
    person: str = attrs.field(default="", validator=_str)
    nationality: str | None = attrs.field(default=None, validator=_optional_text)
    detail: str = attrs.field(default="", validator=_str)

    def describe(self) -> str:
        what = self.action.replace("_", " ")
        if self.assets:
            what += " of " + ", ".join(self.assets)
        if self.person:
            what += f": {self.person}" + (f" ({self.nationality})" if self.nationality else "")
        return f"{self.actor}: {what}" + (f"; {self.detail}" if self.detail else "")


@_kind("agreement_entered")
@attrs.frozen(kw_only=True, repr=False)
class AgreementEntered(ev.Event):
    """The government (``actor``) and ``obligors`` enter ``agreement``, a national
    security or mitigation agreement (``category``) with ``obligations`` that bind
    ``obligors`` after closing; or the buyer (``actor``) and holders of the
    target's shares (``obligors``) enter a ``voting`` (support) agreement binding
    them to vote for the deal.

    The agreement starts ``in_force``; a name already used is refused.

    Attributes:
        agreement: the agreement's name, unique in the deal (later agreement events name it).
        category: ``national_security`` (the default), ``mitigation`` or ``voting``.
        obligors: the parties bound by it.
        obligations: what it obliges them to, one line each (a breach names one).
    """

    agreement: str = attrs.field(validator=_name)
    category: str = attrs.field(default="national_security", validator=_agreement_kind)
    obligors: tuple[str, ...] = attrs.field(converter=_seq, validator=ev._names)
    obligations: tuple[str, ...] = attrs.field(converter=_seq, validator=ev._names)

    def describe(self) -> str:
        kind = self.category.replace("_", " ")
        return f"{kind} agreement {self.agreement!r} with {', '.join(self.obligors)}: " + "; ".join(self.obligations)


@attrs.frozen(kw_only=True, repr=False)
class AgreementEvent(ev.Event):
    """Base of the events that name an agreement.

    Attributes:
        agreement: the agreement concerned, by the name it was entered under.
    """

    agreement: str = attrs.field(validator=_name)


@_kind("agreement_breached")
@attrs.frozen(kw_only=True, repr=False)
class AgreementBreached(AgreementEvent):
    """``actor`` finds ``obligation`` of ``agreement`` breached.

    The agreement moves to ``breached`` (from in force or breached) and records the breach.

    Attributes:
        obligation: the obligation breached, one of the agreement's ``obligations``.
    """

    obligation: str = attrs.field(validator=_name)

    def describe(self) -> str:
        return f"{self.actor} finds {self.agreement!r} breached: {self.obligation}"


@_kind("breach_cured")
class BreachCured(AgreementEvent):
    """The breaches of ``agreement`` are cured.

    The agreement moves from ``breached`` back to ``in_force`` and its breaches are cleared."""

    def describe(self) -> str:
        return f"breaches of {self.agreement!r} cured"


@_kind("agreement_ended")
class AgreementEnded(AgreementEvent):
    """``agreement`` ends (expiry or termination by the government).

    The agreement moves to ``ended`` (final) from in force or breached."""

    def describe(self) -> str:
        return f"agreement {self.agreement!r} ends"


post_closing(
    RightsGranted, ConsentGiven, CorporateAction, AgreementEntered, AgreementBreached, BreachCured, AgreementEnded
)


# ---------------------------------------------------------------------- runtime and status


@attrs.frozen
class RightsStatus:
    """A holder's special rights, the consents it gave that are not used yet and
    the directors it appointed.

    Attributes:
        rights: the rights' name.
        holder: who holds them (the actor of ``rights_granted``).
        consent_over: the kinds of action that need the holder's consent.
        listed_assets: the assets whose sale needs consent (none: any asset sale in consent_over).
        appoints_directors: how many directors the holder appoints.
        director_nationality: the nationality required of directors, if any.
        officer_nationality: the nationality required of officers, if any.
        consents: the consents given and not used yet, as (action, assets) pairs.
        appointed: how many directors the holder has appointed.
        granted_on: the day the rights were granted.
    """

    rights: str
    holder: str
    consent_over: frozenset[str]
    listed_assets: frozenset[str]
    appoints_directors: int
    director_nationality: str | None
    officer_nationality: str | None
    consents: tuple[tuple[str, frozenset[str]], ...]
    appointed: int
    granted_on: _dt.date

    def needs_consent(self, action: str, assets: frozenset[str] = frozenset()) -> bool:
        """Whether ``action`` (of ``assets``) needs the holder's consent."""
        if action not in self.consent_over:
            return False
        if action == "asset_sale" and self.listed_assets:
            return bool(self.listed_assets & assets)
        return True


class _Rights:
    __slots__ = ("appointed", "consents", "e")

    def __init__(self, e: RightsGranted) -> None:
        self.e = e
        self.consents: list[tuple[str, frozenset[str]]] = []
        self.appointed = 0

    def status(self) -> RightsStatus:
        e = self.e
        return RightsStatus(
            e.rights,
            e.actor,
            frozenset(e.consent_over),
            frozenset(e.listed_assets),
            e.appoints_directors,
            e.director_nationality,
            e.officer_nationality,
            tuple(self.consents),
            self.appointed,
            e.date,
        )


@attrs.frozen
class AgreementStatus:
    """Where a national security or mitigation agreement stands (in :meth:`Deal.agreement`
    and :attr:`Status.agreements`).

    Attributes:
        agreement: the agreement's name.
        kind: national_security or mitigation.
        government: who entered it on the government's side (the actor of ``agreement_entered``).
        obligors: the parties bound by it.
        obligations: what it obliges them to.
        state: in_force, breached or ended.
        breaches: the obligations found breached and not cured yet.
        entered_on: the day it was entered.
    """

    agreement: str
    kind: str
    government: str
    obligors: tuple[str, ...]
    obligations: tuple[str, ...]
    state: str
    breaches: tuple[str, ...]
    entered_on: _dt.date


class _Agreement:
    __slots__ = ("breaches", "e", "state")

    def __init__(self, e: AgreementEntered) -> None:
        self.e = e
        self.state = "in_force"
        self.breaches: list[str] = []

    def status(self) -> AgreementStatus:
        e = self.e
        return AgreementStatus(
            e.agreement, e.category, e.actor, e.obligors, e.obligations, self.state, tuple(self.breaches), e.date
        )


def rights_of(deal: Deal, name: str) -> _Rights:
    r = deal._rights.get(name)
    if r is None:
        known = ", ".join(deal._rights) or "none granted"
        raise UnknownParty(f"no special rights {name!r}", field="rights", fix=f"use one of: {known}")
    return r


def agreement_of(deal: Deal, name: str) -> _Agreement:
    a = deal._agreements.get(name)
    if a is None:
        known = ", ".join(deal._agreements) or "none entered"
        raise UnknownParty(f"no agreement {name!r}", field="agreement", fix=f"use one of: {known}")
    return a


# ---------------------------------------------------------------------- handlers


@on(RightsGranted)
def _granted(deal: Deal, e: RightsGranted, i: int) -> None:
    if e.rights in deal._rights:
        raise RefusedEvent(f"rights {e.rights!r} exist already", field="rights", fix="name the new rights differently")
    if type(deal._rights) is not dict:
        deal._rights = {}
    deal._rights[e.rights] = _Rights(e)


@on(ConsentGiven)
def _consent(deal: Deal, e: ConsentGiven, i: int) -> None:
    r = rights_of(deal, e.rights)
    if e.actor != r.e.actor:
        raise RefusedEvent(
            f"{e.actor} does not hold rights {e.rights!r} ({r.e.actor} does)",
            field="actor",
            fix=f"record the consent as {r.e.actor}'s",
        )
    if e.action not in r.e.consent_over:
        raise RefusedEvent(
            f"rights {e.rights!r} give no consent right over {e.action}",
            field="action",
            fix=f"consent to one of: {', '.join(r.e.consent_over) or 'nothing (no consent right)'}",
        )
    r.consents.append((e.action, frozenset(e.assets)))


@on(CorporateAction)
def _action_taken(deal: Deal, e: CorporateAction, i: int) -> None:
    assets = frozenset(e.assets)
    uses: list[tuple[_Rights, int]] = []
    appoints: _Rights | None = None
    for r in deal._rights.values():
        g = r.e
        st = r.status()
        if st.needs_consent(e.action, assets):
            wanted = assets & st.listed_assets if st.listed_assets and e.action == "asset_sale" else assets
            found = next((k for k, (act, what) in enumerate(r.consents) if act == e.action and wanted <= what), None)
            if found is None:
                what = e.action.replace("_", " ") + (f" of {', '.join(sorted(wanted))}" if wanted else "")
                raise RefusedEvent(
                    f"{what} needs {g.actor}'s consent under its special rights {g.rights!r}",
                    field="action",
                    fix=f"record consent_given by {g.actor} for {e.action}"
                    + (f" of {', '.join(sorted(wanted))}" if wanted else "")
                    + " first",
                )
            uses.append((r, found))
        required = {"appoint_director": g.director_nationality, "appoint_officer": g.officer_nationality}.get(e.action)
        if required is not None and e.nationality != required:
            who = "directors" if e.action == "appoint_director" else "officers"
            raise RefusedEvent(
                f"{g.actor}'s rights {g.rights!r} require {who} of {required}; {e.person or 'the appointee'} is of "
                f"{e.nationality or 'no stated nationality'}",
                field="nationality",
                fix=f"appoint a person of {required}",
            )
    if e.action == "appoint_director" and any(r.e.actor == e.actor for r in deal._rights.values()):
        mine = [r for r in deal._rights.values() if r.e.actor == e.actor and r.e.appoints_directors]
        if not mine:
            raise RefusedEvent(
                f"{e.actor}'s special rights give it no director to appoint",
                field="actor",
                fix="give appoints_directors in its rights, or let the company appoint",
            )
        appoints = next((r for r in mine if r.appointed < r.e.appoints_directors), None)
        if appoints is None:
            total = sum(r.e.appoints_directors for r in mine)
            raise RefusedEvent(
                f"{e.actor} appoints {total} director(s) under its special rights and has appointed them",
                field="action",
                fix="let the company appoint the others",
            )
    for r, k in uses:
        del r.consents[k]
    if appoints is not None:
        appoints.appointed += 1


@on(AgreementEntered)
def _entered(deal: Deal, e: AgreementEntered, i: int) -> None:
    if e.agreement in deal._agreements:
        raise RefusedEvent(
            f"agreement {e.agreement!r} exists already", field="agreement", fix="name the new agreement differently"
        )
    for p in e.obligors:
        deal._party(p, "obligors")
    if type(deal._agreements) is not dict:
        deal._agreements = {}
    deal._agreements[e.agreement] = _Agreement(e)
    deal.history.append(Change(e.date, i, f"agreement {e.agreement}", None, "in_force"))


@on(AgreementBreached)
def _breached(deal: Deal, e: AgreementBreached, i: int) -> None:
    a = agreement_of(deal, e.agreement)
    if e.obligation not in a.e.obligations:
        raise InputError(
            f"agreement {e.agreement!r} has no obligation {e.obligation!r}",
            field="obligation",
            fix=f"use one of: {'; '.join(a.e.obligations)}",
        )
    check("agreement", "breach", a.state, f"agreement {e.agreement!r}", "be breached")
    deal._move("agreement", a, "breach", f"agreement {e.agreement}", e.date, i)
    a.breaches.append(e.obligation)


def _agreement_step(trigger: str, what: str) -> Any:
    def handler(deal: Deal, e: AgreementEvent, i: int) -> None:
        a = agreement_of(deal, e.agreement)
        check("agreement", trigger, a.state, f"agreement {e.agreement!r}", what)
        deal._move("agreement", a, trigger, f"agreement {e.agreement}", e.date, i)
        if trigger == "cure":
            a.breaches.clear()

    return handler


on(BreachCured)(_agreement_step("cure", "have a breach cured"))
on(AgreementEnded)(_agreement_step("end", "end"))


# ---------------------------------------------------------------------- sugar


class RightsMethods(DealMethods):
    """Sugar for special rights, consents, corporate actions and agreements."""

    __slots__ = ()

    if TYPE_CHECKING:
        _rights: dict[str, _Rights]
        _agreements: dict[str, _Agreement]

    def grant_rights(
        self,
        rights: str,
        *,
        holder: str,
        on: _dt.date | str,
        consent_over: tuple[str, ...] | str = (),
        listed_assets: tuple[str, ...] | str = (),
        appoints_directors: int = 0,
        director_nationality: str | None = None,
        officer_nationality: str | None = None,
        description: str = "",
        **meta: Any,
    ) -> list[Change]:
        """``holder`` takes special rights (a golden share) in the company."""
        return self.apply(
            RightsGranted(
                date=on,
                actor=holder,
                rights=rights,
                consent_over=consent_over,
                listed_assets=listed_assets,
                appoints_directors=appoints_directors,
                director_nationality=director_nationality,
                officer_nationality=officer_nationality,
                description=description,
                **meta,
            )
        )

    def consent(
        self,
        rights: str,
        action: str,
        *,
        on: _dt.date | str,
        assets: tuple[str, ...] | str = (),
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """The holder of ``rights`` consents to one ``action``."""
        r = self._rights.get(rights)
        holder = actor if actor is not None else (r.e.actor if r is not None else "(no holder)")
        return self.apply(ConsentGiven(date=on, actor=holder, rights=rights, action=action, assets=assets, **meta))

    def act(
        self,
        action: str,
        *,
        on: _dt.date | str,
        assets: tuple[str, ...] | str = (),
        person: str = "",
        nationality: str | None = None,
        detail: str = "",
        actor: str | None = None,
        **meta: Any,
    ) -> list[Change]:
        """The company takes a corporate action (the seller acts for it by default)."""
        return self.apply(
            CorporateAction(
                date=on,
                actor=self._actor(actor, self.seller),
                action=action,
                assets=assets,
                person=person,
                nationality=nationality,
                detail=detail,
                **meta,
            )
        )

    def enter_agreement(
        self,
        agreement: str,
        *,
        government: str,
        obligors: tuple[str, ...] | str,
        obligations: tuple[str, ...] | str,
        on: _dt.date | str,
        kind: str = "national_security",
        **meta: Any,
    ) -> list[Change]:
        """A national security (or mitigation) agreement binding ``obligors`` after closing."""
        return self.apply(
            AgreementEntered(
                date=on,
                actor=government,
                agreement=agreement,
                category=kind,
                obligors=obligors,
                obligations=obligations,
                **meta,
            )
        )

    def agreement(self, name: str) -> AgreementStatus:
        """Where agreement ``name`` stands."""
        a = self._agreements.get(name)
        if a is None:
            known = ", ".join(self._agreements) or "none entered"
            raise UnknownParty(f"no agreement {name!r}", field="agreement", fix=f"use one of: {known}")
        return a.status()

    def rights(self, name: str) -> RightsStatus:
        """Where special rights ``name`` stand: what they grant, unused consents, directors appointed."""
        r = self._rights.get(name)
        if r is None:
            known = ", ".join(self._rights) or "none granted"
            raise UnknownParty(f"no special rights {name!r}", field="rights", fix=f"use one of: {known}")
        return r.status()
