"""Hypothesis strategies for the events of litigation, orders and rights (used by
:func:`dealflow.testing.events`): their fields depend on each other (a prohibition
names acquirers, a deadline follows the order), so each kind is drawn whole."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import strategies as st

from . import _litigation as lit
from . import _orders as orders
from . import _rights as rights
from ._events import Event

__all__ = ["event_strategy"]


def event_strategy(kind: str, pool: Mapping[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Event] | None:
    """A strategy for events of ``kind`` when it is one of this module's kinds, else ``None``."""
    make = _KINDS.get(kind)
    return None if make is None else make(pool)


def _common(pool: Mapping[str, st.SearchStrategy[Any]]) -> dict[str, st.SearchStrategy[Any]]:
    return {"date": pool["date"], "actor": pool["actor"]}


def _optional(pool: Mapping[str, st.SearchStrategy[Any]]) -> dict[str, st.SearchStrategy[Any]]:
    return {"source": pool["source"], "verified": pool["verified"], "note": pool["note"]}


def _build(
    cls: type[Event], pool: Mapping[str, st.SearchStrategy[Any]], **fields: st.SearchStrategy[Any]
) -> st.SearchStrategy[Event]:
    required = {**_common(pool), **{k: v for k, v in fields.items() if not k.startswith("opt_")}}
    optional = {**_optional(pool), **{k[4:]: v for k, v in fields.items() if k.startswith("opt_")}}
    return st.fixed_dictionaries(required, optional=optional).map(lambda kw: cls(**kw))


def _names(pool: Mapping[str, st.SearchStrategy[Any]], min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(pool["actor"], min_size=min_size, max_size=3, unique=True).map(tuple)


def _suit_filed(pool: Mapping[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Event]:
    def one(against: str) -> st.SearchStrategy[Event]:
        target = st.just("") if against == "deal" else pool["actor"]
        return _build(
            lit.SuitFiled,
            pool,
            suit=pool["actor"],
            court=pool["actor"],
            against=st.just(against),
            target=target,
            opt_claim=pool["reason"],
        )

    return st.sampled_from(lit.AGAINST).flatmap(one)


def _suit_step(cls: type[Event]) -> Callable[[Mapping[str, st.SearchStrategy[Any]]], st.SearchStrategy[Event]]:
    def make(pool: Mapping[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Event]:
        extra: dict[str, st.SearchStrategy[Any]] = {}
        if cls is lit.RulingIssued:
            extra = {"for_plaintiff": st.booleans(), "opt_text": pool["reason"]}
        elif cls is lit.SuitAppealed:
            extra = {"court": pool["actor"]}
        elif cls is lit.SuitDismissed:
            extra = {"opt_reason": pool["reason"]}
        return _build(cls, pool, suit=pool["actor"], **extra)

    return make


def _order_issued(pool: Mapping[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Event]:
    forbids = st.lists(st.sampled_from(sorted(orders._FORBIDDABLE)), min_size=1, max_size=3, unique=True).map(tuple)

    @st.composite
    def draw(data: st.DrawFn) -> Event:
        category = data(st.sampled_from(orders.CATEGORIES))
        date = data(pool["date"])
        kw: dict[str, Any] = {"date": date, "actor": data(pool["actor"]), "order": data(pool["actor"])}
        kw["category"] = category
        if category == "prohibition":
            kw["acquirers"] = data(_names(pool, 1))
        elif category == "interim":
            kw["forbids"] = data(forbids)
        elif category == "divestiture":
            kw["assets"] = data(_names(pool))
            if data(st.booleans()):
                kw["deadline"] = date + _dt.timedelta(days=data(st.integers(0, 3000)))
        if data(st.booleans()):
            kw["effective"] = date + _dt.timedelta(days=data(st.integers(0, 60)))
        if data(st.booleans()):
            kw["regulator"] = data(pool["actor"])
        for name, strategy in _optional(pool).items():
            if data(st.booleans()):
                kw[name] = data(strategy)
        if data(st.booleans()):
            kw["description"] = data(pool["description"])
        return orders.OrderIssued(**kw)

    return draw()


def _rights_granted(pool: Mapping[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Event]:
    actions = st.lists(st.sampled_from(sorted(rights.ACTIONS)), min_size=1, max_size=3, unique=True).map(tuple)

    @st.composite
    def draw(data: st.DrawFn) -> Event:
        consent = data(actions)
        kw: dict[str, Any] = {"date": data(pool["date"]), "actor": data(pool["actor"]), "rights": data(pool["actor"])}
        kw["consent_over"] = consent
        if "asset_sale" in consent:
            kw["listed_assets"] = data(_names(pool))
        kw["appoints_directors"] = data(st.integers(0, 3))
        kw["director_nationality"] = data(st.none() | st.sampled_from(("US", "GB", "FR")))
        kw["officer_nationality"] = data(st.none() | st.sampled_from(("US", "GB", "FR")))
        for name, strategy in _optional(pool).items():
            if data(st.booleans()):
                kw[name] = data(strategy)
        return rights.RightsGranted(**kw)

    return draw()


_ACTION = st.sampled_from(sorted(rights.ACTIONS))

_KINDS: dict[str, Callable[[Mapping[str, st.SearchStrategy[Any]]], st.SearchStrategy[Event]]] = {
    "suit_filed": _suit_filed,
    **{
        cls.kind: _suit_step(cls)
        for cls in (
            lit.RestrainingOrderGranted,
            lit.RestrainingOrderDenied,
            lit.PreliminaryInjunctionGranted,
            lit.PreliminaryInjunctionDenied,
            lit.SuitDismissed,
            lit.SuitWithdrawn,
            lit.RulingIssued,
            lit.SuitAppealed,
        )
    },
    "order_issued": _order_issued,
    "order_revoked": lambda pool: _build(orders.OrderRevoked, pool, order=pool["actor"], opt_reason=pool["reason"]),
    "order_deferred": lambda pool: _build(orders.OrderDeferred, pool, order=pool["actor"], to=pool["date"]),
    "divestiture_completed": lambda pool: _build(
        orders.DivestitureCompleted, pool, order=pool["actor"], opt_buyer=pool["reason"]
    ),
    "rights_granted": _rights_granted,
    "consent_given": lambda pool: _build(
        rights.ConsentGiven, pool, rights=pool["actor"], action=_ACTION, opt_assets=_names(pool)
    ),
    "corporate_action": lambda pool: _build(
        rights.CorporateAction,
        pool,
        action=_ACTION,
        opt_assets=_names(pool),
        opt_person=pool["reason"],
        opt_nationality=st.sampled_from(("US", "GB")),
        opt_detail=pool["reason"],
    ),
    "agreement_entered": lambda pool: _build(
        rights.AgreementEntered,
        pool,
        agreement=pool["actor"],
        obligors=_names(pool, 1),
        obligations=_names(pool, 1),
        opt_category=st.sampled_from(rights.AGREEMENT_KINDS),
    ),
    "agreement_breached": lambda pool: _build(
        rights.AgreementBreached, pool, agreement=pool["actor"], obligation=pool["actor"]
    ),
    "breach_cured": lambda pool: _build(rights.BreachCured, pool, agreement=pool["actor"]),
    "agreement_ended": lambda pool: _build(rights.AgreementEnded, pool, agreement=pool["actor"]),
}
