"""Tests of dealflow._rights: golden shares, consents, corporate actions and agreements."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dealflow as df
from dealflow import Asset, DealflowError, InputError, RefusedEvent

from .helpers import closed_jv


def test_a_listed_asset_sale_needs_consent_and_uses_it() -> None:
    """The sale is refused without consent, accepted with it, and the consent is used once."""
    deal = closed_jv()
    with pytest.raises(RefusedEvent, match="needs Washington's consent") as info:
        deal.act("asset_sale", assets=[Asset.ALGORITHM], on="2021-01-01")
    assert info.value.field == "action" and "consent_given" in info.value.fix
    deal.act("asset_sale", assets=["offices"], on="2021-01-01")  # not listed
    deal.consent("golden share", "asset_sale", assets=[Asset.ALGORITHM], on="2021-01-02")
    deal.act("asset_sale", assets=[Asset.ALGORITHM], on="2021-01-03")
    assert deal.rights("golden share").consents == ()
    with pytest.raises(RefusedEvent):
        deal.act("asset_sale", assets=[Asset.ALGORITHM], on="2021-01-04")


def test_a_consent_right_naming_an_unknown_action_is_refused() -> None:
    """Rights over an action dealflow does not know are refused, naming the field and the known actions."""
    with pytest.raises(InputError, match="unknown action 'naps'") as info:
        df.RightsGranted(date="2020-01-01", actor="W", rights="g", consent_over=["naps"])
    assert info.value.field == "consent_over" and "asset_sale" in info.value.fix


def test_nationality_and_appointment_rights_hold() -> None:
    """Directors must be of the required nationality; the holder appoints only as many as its rights say."""
    deal = closed_jv()
    deal.grant_rights("board", holder="Washington", appoints_directors=1, director_nationality="US", on="2020-09-02")
    with pytest.raises(RefusedEvent, match="require directors of US"):
        deal.act("appoint_director", person="X", nationality="CN", on="2020-09-03")
    deal.act("appoint_director", person="Y", nationality="US", actor="Washington", on="2020-09-03")
    with pytest.raises(RefusedEvent, match="has appointed them"):
        deal.act("appoint_director", person="Z", nationality="US", actor="Washington", on="2020-09-04")


def test_agreements_are_breached_cured_and_ended_after_closing() -> None:
    """A national security agreement's machine runs on a closed deal."""
    deal = closed_jv()
    deal.apply(
        df.AgreementBreached(date="2021-01-01", actor="Washington", agreement="nsa", obligation="US data in the US")
    )
    assert deal.agreement("nsa").breaches == ("US data in the US",)
    deal.apply(df.BreachCured(date="2021-02-01", actor="Washington", agreement="nsa"))
    deal.apply(df.AgreementEnded(date="2030-01-01", actor="Washington", agreement="nsa"))
    assert deal.agreement("nsa").state == "ended"
    assert deal.status().agreements[0].state == "ended"


def test_only_the_holder_consents_and_only_to_its_actions() -> None:
    """A consent by another party, or to an action outside the rights, is refused."""
    deal = closed_jv()
    with pytest.raises(RefusedEvent, match="does not hold"):
        deal.consent("golden share", "asset_sale", actor="Oracle", on="2021-01-01")
    with pytest.raises(RefusedEvent, match="no consent right over relocation"):
        deal.consent("golden share", "relocation", on="2021-01-01")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sampled_from((Asset.ALGORITHM, "offices"))), max_size=8))
def test_consent_rights_hold(steps: list[tuple[bool, str]]) -> None:
    """Every accepted sale of a listed asset used a consent given before it, and only one."""
    deal = closed_jv()
    given_, used = 0, 0
    for consent, asset in steps:
        if consent:
            deal.consent("golden share", "asset_sale", assets=[Asset.ALGORITHM], on="2021-01-01")
            given_ += 1
            continue
        before = copy.deepcopy(deal)
        try:
            deal.act("asset_sale", assets=[asset], on="2021-01-01")
        except DealflowError:
            assert asset == Asset.ALGORITHM and given_ == used
            assert deal == before
        else:
            used += asset == Asset.ALGORITHM
            assert used <= given_
    assert len(deal.rights("golden share").consents) == given_ - used


def test_a_voting_agreement_binds_a_holder_from_the_signing() -> None:
    """The buyer and a holder enter a voting (support) agreement: it is in force, described as voting."""
    parties = (
        df.Party("Target", "seller", "US"),
        df.Party("Buyer", "bidder", "US"),
        df.Party("Holder", "investor", "US"),
    )
    deal = df.Deal.open("Target", seller="Target", parties=parties, on="2022-05-26")
    deal.apply(
        df.AgreementEntered(
            date="2022-05-26",
            actor="Buyer",
            agreement="support",
            category="voting",
            obligors=("Holder",),
            obligations=("vote for the merger",),
        )
    )
    (status,) = deal.status().agreements
    assert (status.kind, status.state) == ("voting", "in_force")
    assert deal.journal[-1].describe() == "voting agreement 'support' with Holder: vote for the merger"
