"""Tests of dealflow._concepts: the registries concept modules plug into."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import MACHINES, RefusedEvent, Statement, Terms
from dealflow._concepts import _SAYS, CLOSING_BLOCKERS, HANDLERS, _aspects, check, closing_blocker, on, touched
from dealflow.testing import terms

from .helpers import JV, opened


@pytest.fixture
def injunction() -> Iterator[list[str]]:
    """A closing blocker registered for one test: it bars closing while its list is non-empty."""
    reasons: list[str] = []

    def blocker(deal: object) -> list[str]:
        return list(reasons)

    closing_blocker(blocker)
    yield reasons
    CLOSING_BLOCKERS.remove(blocker)


def test_every_event_kind_has_one_handler() -> None:
    """Each event class is routed to exactly one registered handler; a second registration is refused."""
    assert Statement in HANDLERS
    with pytest.raises(TypeError, match="has a handler already"):
        on(Statement)(lambda deal, e, i: None)


def test_machines_are_registered_in_concept_order() -> None:
    """The concept modules register their machines in the deal's order."""
    assert list(MACHINES)[:6] == ["deal", "bid", "gate", "mandate", "approval", "remedy"]


def test_a_registered_closing_blocker_bars_closing(injunction: list[str]) -> None:
    """A concept's closing blocker adds its reason to the deal's blockers and refuses the close."""
    deal = opened(regulators=())
    deal.agree(JV, on="2020-08-02")
    deal.sign(on="2020-08-03")
    injunction.append("an injunction is in force")
    assert deal.blockers() == ["an injunction is in force"]
    with pytest.raises(RefusedEvent, match="an injunction is in force"):
        deal.close(on="2020-08-04")
    assert deal.state == "signed"
    injunction.clear()
    deal.close(on="2020-08-04")
    assert deal.state == "closed"


def test_check_names_the_allowed_moves() -> None:
    """A move the machine does not allow is refused with the moves allowed from that state."""
    with pytest.raises(RefusedEvent, match="from closed the deal allows: nothing"):
        check("deal", "sign", "closed", "the deal", "be signed")


def test_post_closing_kinds_are_the_ones_that_survive_closing() -> None:
    """Orders, suits, rights and agreements survive closing; the deal's own events do not."""
    import dealflow as df
    from dealflow._concepts import POST_CLOSING

    assert {df.OrderIssued, df.SuitFiled, df.RightsGranted, df.AgreementEntered, df.CorporateAction} <= POST_CLOSING
    assert not {df.TermsProposed, df.DealClosed, df.BidSubmitted, df.Approved} & POST_CLOSING


def test_legacy_mandate_injunctions_still_load() -> None:
    """The older enjoined / injunction_lifted events on mandates act on the mandate as before."""
    from .helpers import agreed_jv

    deal = agreed_jv()
    deal.issue_mandate("m", issuer="Washington", deadline="2020-12-01", on="2020-08-20")
    deal.enjoin("m", court="Court", on="2020-08-21")
    assert deal.mandate("m").state == "enjoined"
    deal.lift_injunction("m", court="Court", on="2020-08-22")
    assert deal.mandate("m").state == "in_force"


_TERMS_FIELDS = [f.name for f in attrs.fields(Terms)]


@given(terms(), terms(), st.sets(st.sampled_from(_TERMS_FIELDS)))
def test_touched_is_the_scopes_whose_aspects_differ(old: Terms, other: Terms, fields: set[str]) -> None:
    """touched compares the terms scope by scope exactly as the aspects define the scopes."""
    try:
        new = attrs.evolve(old, **{name: getattr(other, name) for name in fields})
    except Exception:  # noqa: BLE001 - a mix the terms refuse (a sale needs a cap table)
        new = other
    a, b = _aspects(old), _aspects(new)
    assert touched(old, new) == {scope: _SAYS[scope] for scope in a if a[scope] != b[scope]}
    assert list(touched(old, new)) == [scope for scope in a if a[scope] != b[scope]]  # in the scopes' order
    assert touched(None, new) == _SAYS and touched(old, None) == _SAYS and touched(None, None) == {}
