"""The error contract of dealflow._errors, pinned for every event kind (issue 16): a refusal
names the event's kind and index, the field at fault (when one is) and a fix whose key words
are checked here, never the whole message."""

from __future__ import annotations

import datetime as _dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dealflow as df
from dealflow.testing import deals, events

from .helpers import opened

KINDS = sorted(df.EVENT_TYPES)
# a draw or two of each kind is enough: the contract is the same whatever the fields
_FEW = settings(max_examples=3, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
# what the strategy's dates can be (dealflow.testing's field strategies)
_FIRST, _LAST = _dt.date(2019, 1, 1), _dt.date(2027, 12, 31)


def _refusal(deal: df.Deal, event: df.Event) -> df.DealflowError:
    with pytest.raises(df.DealflowError) as info:
        deal.apply(event)
    return info.value


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "deal_opened"])
@_FEW
@given(data=st.data())
def test_every_kind_is_refused_before_the_deal_opens_with_the_fix_to_open_it(kind: str, data: st.DataObject) -> None:
    """Any event but deal_opened on an unopened deal: refused at index 0, no field, fix names deal_opened."""
    err = _refusal(df.Deal(), data.draw(events([kind])))
    assert type(err) is df.RefusedEvent
    assert (err.kind, err.index, err.field) == (kind, 0, None)
    assert "deal_opened" in (err.fix or "")


def test_a_second_opening_is_refused_with_the_fix_to_open_a_new_deal() -> None:
    """deal_opened on an open deal: refused, the fix says to open a new Deal."""
    deal = opened()
    again = df.DealOpened(
        date="2020-08-02", actor="ByteDance", target="X", seller="ByteDance", parties=deal.status().parties
    )
    err = _refusal(deal, again)
    assert (err.kind, err.index) == ("deal_opened", 1)
    assert "new Deal" in (err.fix or "")


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "deal_opened"])
@_FEW
@given(data=st.data())
def test_every_kind_from_an_unknown_actor_names_the_actor_field_and_the_parties(kind: str, data: st.DataObject) -> None:
    """An event by someone the deal does not know: UnknownParty, field actor, the fix lists the parties."""
    deal = opened(on=_FIRST.isoformat())
    event = attrs.evolve(data.draw(events([kind])), actor="Nobody At All")
    err = _refusal(deal, event)
    assert type(err) is df.UnknownParty
    assert (err.kind, err.index, err.field) == (kind, 1, "actor")
    assert "use one of" in (err.fix or "")
    assert "ByteDance" in (err.fix or "")


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "deal_opened"])
@_FEW
@given(data=st.data())
def test_every_kind_dated_before_the_clock_names_the_date_field_and_the_clock(kind: str, data: st.DataObject) -> None:
    """An event dated before the deal's clock: refused, field date, the fix gives the clock's date."""
    clock = _LAST + _dt.timedelta(days=1)
    deal = opened(on=clock.isoformat())
    err = _refusal(deal, data.draw(events([kind])))
    assert type(err) is df.RefusedEvent
    assert (err.kind, err.field) == (kind, "date")
    assert clock.isoformat() in (err.fix or "")
    assert "later" in (err.fix or "")


@pytest.mark.parametrize(
    "kind",
    # a debt that survives the end (fee_paid) is the exception: tests/test_contract.py checks it
    [k for k in KINDS if df.EVENT_TYPES[k].changes_state and not df.EVENT_TYPES[k].survives_end and k != "deal_opened"],
)
@_FEW
@given(data=st.data())
def test_every_state_change_of_a_terminated_deal_is_refused_with_the_fix_to_state_it(
    kind: str, data: st.DataObject
) -> None:
    """A terminated deal takes no state change: refused, no field, the fix points to a statement."""
    deal = opened(on=_FIRST.isoformat())
    deal.terminate(on=_FIRST.isoformat(), reason="test")
    event = attrs.evolve(data.draw(events([kind])), actor="ByteDance")
    err = _refusal(deal, event)
    assert type(err) is df.RefusedEvent
    assert (err.kind, err.field) == (kind, None)
    assert "statement" in (err.fix or "")


def _fields_of(cls: type[df.Event]) -> set[str]:
    return {f.name for f in attrs.fields(cls)}


def _root(field: str) -> str:
    return field.split(".", maxsplit=1)[0].split("[", maxsplit=1)[0]


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=4, suppress_health_check=list(HealthCheck))  # x 72 kinds: a few hundred deals
@given(deal=deals(max_events=10, final=False), data=st.data())
def test_every_refusal_inside_a_deal_names_a_field_of_its_event_and_a_fix(
    kind: str, deal: df.Deal, data: st.DataObject
) -> None:
    """Whatever a live deal refuses of a kind, by one of its parties, the error names the kind
    and index, a field that is one of the event's own (or none) and a fix."""
    cls = df.EVENT_TYPES[kind]
    day = deal.clock or _FIRST
    index = len(deal.journal)
    actor = data.draw(st.sampled_from(sorted(deal.parties)))
    drawn = data.draw(events([kind]))
    try:
        event = attrs.evolve(drawn, actor=actor, date=max(drawn.date, day))
    except df.DealflowError:  # the fields no longer fit together at the new date
        return
    try:
        deal.apply(event)
    except df.DealflowError as err:
        assert (err.kind, err.index) == (kind, index)
        assert err.fix, f"{kind}: refusal without a fix: {err}"
        if err.field is not None:
            assert _root(err.field) in _fields_of(cls), f"{kind}: field {err.field!r} is not the event's: {err}"


# the field an event names its subject by, in the order they are looked up
_SUBJECTS = ("bid", "mandate", "approval", "remedy", "suit", "order", "agreement", "rights", "regulator")
# kinds that create the subject they name (or name it among the parties, not among existing subjects)
_CREATES = frozenset(
    {
        "agreement_entered",
        "approval_required",
        "bid_submitted",
        "mandate_issued",
        "order_issued",
        "remedy_offered",
        "rights_granted",
        "suit_filed",
    }
)
# kinds that say more precisely what is missing than the subject's name
_PRECISE = {"rule_repealed": ("name", "rules in force")}


def _subject(kind: str) -> str | None:
    required = {f.name for f in attrs.fields(df.EVENT_TYPES[kind]) if f.default is attrs.NOTHING}
    return next((s for s in _SUBJECTS if s in required), None)


@pytest.mark.parametrize("kind", [k for k in KINDS if _subject(k) is not None and k not in _CREATES])
@_FEW
@given(data=st.data())
def test_every_kind_naming_an_unknown_subject_names_that_field_and_the_known_ones(
    kind: str, data: st.DataObject
) -> None:
    """A bid, mandate, suit, regulator... the deal does not have: the field naming it, and a fix listing the known ones."""
    subject = _subject(kind)
    assert subject is not None
    deal = opened(on=_FIRST.isoformat())
    event = attrs.evolve(data.draw(events([kind])), actor="ByteDance", **{subject: "No Such Thing"})
    err = _refusal(deal, event)
    field, words = _PRECISE.get(kind, (subject, "use one of"))
    assert (err.kind, err.field) == (kind, field)
    assert words in (err.fix or "")
    if subject == "regulator" and kind not in _PRECISE:
        assert type(err) is df.UnknownParty
        assert "Washington" in (err.fix or "")
