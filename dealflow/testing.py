"""Hypothesis strategies, a stateful deal machine and rule properties for your own tests.

``dealflow.testing`` is the kit dealflow's own suite is built on, shipped so that
you can test approval rules of your own the way hypothesis users test code::

    from hypothesis import given
    from dealflow import RuleContext
    from dealflow.testing import contexts, terms

    @given(terms(), contexts())
    def test_my_rule_never_blocks_a_sale(t, ctx): ...

It imports hypothesis (install ``dealflow[testing]``); ``import dealflow`` never
loads it.  What it ships:

- **strategies** for names, parties, shares, cap tables (exact stakes adding up to at
  most 100%, optionally through chains of holding companies and cross-holdings),
  terms of every :class:`~dealflow.Structure`, bids, rules (random compositions of
  the registered rules with ``AllOf``, ``AnyOf`` and ``Not``), rule contexts, the
  events a given deal allows now (:func:`valid_events`), events it must refuse
  (:func:`invalid_events`), sequences of them, and whole deals at random points of
  their life (:func:`deals`);
- :class:`DealMachine`, a :class:`~hypothesis.stateful.RuleBasedStateMachine` that
  drives a deal through random valid and invalid events and checks every invariant
  of dealflow's design after every step; subclass it to add your rules and
  invariants, and run it with ``TestMyDeal = MyMachine.TestCase``;
- assertions and property factories stating what a rule should satisfy:
  monotone in a holding, never approving what a stricter rule blocks, unchanged by
  restructurings that do not touch what it reads.
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
from collections.abc import Callable, Collection, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import attrs

try:
    import hypothesis  # noqa: F401 - checked first, to name the extra that installs it
except ModuleNotFoundError as _missing:  # pragma: no cover - tested in a subprocess
    if _missing.name != "hypothesis":
        raise
    _msg = "dealflow.testing needs hypothesis, which is not installed. Fix: pip install 'dealflow[testing]'"
    raise ModuleNotFoundError(_msg, name="hypothesis") from None
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from . import _events as ev
from ._agreement import TRIGGERS, Consideration, Contract, ExtensionOption, Fee, Precedent, Prepayment, TickingFee
from ._concepts import touched
from ._deal import Deal, Status, replay
from ._errors import DealflowError
from ._machines import MACHINES
from ._review import FINDINGS
from ._review import PhaseOpened as _PhaseOpened
from ._rules import (
    AllOf,
    AnyOf,
    ApproveAlways,
    BlockAlways,
    ExportLicenceRequired,
    ForeignAdversaryControl,
    MajorityDomesticBoard,
    Not,
    Outcome,
    RequireCondition,
    Rule,
    RuleContext,
    TrustedPartnerCustody,
    condition_met_by,
    registered_rules,
)
from ._values import Asset, Board, Condition, Holding, Money, Party, Role, Source, Stake, Structure, Terms

__all__ = [
    "ASSETS",
    "JURISDICTIONS",
    "CapTable",
    "DealMachine",
    "approval_problems",
    "assert_monotone_in_holding",
    "assert_never_approves_what_blocks",
    "assert_unchanged_by",
    "bids",
    "boards",
    "cap_tables",
    "closing_problems",
    "conditions",
    "contexts",
    "contracts",
    "deal_openings",
    "deal_terms",
    "deals",
    "event_sequences",
    "events",
    "invalid_events",
    "lower_holding",
    "mandate_events",
    "money",
    "monotone_in_holding",
    "names",
    "never_approves_what_blocks",
    "parties",
    "progress_events",
    "register_rule_strategy",
    "restructurings",
    "rules",
    "shares",
    "terms",
    "tweaked_terms",
    "unchanged_by_restructuring",
    "valid_events",
]

T = TypeVar("T")

#: Jurisdictions drawn by default: the two sides of the TikTok case and a few others.
JURISDICTIONS: tuple[str, ...] = ("US", "CN", "AE", "GB", "JP", "")
#: Assets drawn by default.
ASSETS: tuple[str, ...] = (Asset.US_OPERATIONS, Asset.US_USER_DATA, Asset.ALGORITHM, "source_code")

_DENOMINATORS = (100, 1000, 5, 8, 3, 7, 200)
_THRESHOLDS = st.sampled_from((Fraction(1, 5), Fraction(1, 10), Fraction(1, 4), Fraction(1, 2)))
_DENS = st.sampled_from(_DENOMINATORS) | st.integers(2, 1000)
_TERMS_FIELDS = frozenset(f.name for f in attrs.fields(Terms))


# ---------------------------------------------------------------------- values


def names(prefix: str = "") -> st.SearchStrategy[str]:
    """Short, readable, non-empty names (``prefix`` first, when given)."""
    return st.from_regex(r"[A-Z][a-z]{0,6}", fullmatch=True).map(lambda s: prefix + s)


def parties(
    role: Role | str | None = None,
    *,
    jurisdictions: Sequence[str] = JURISDICTIONS,
    name: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Party]:
    """Parties of ``role`` (any role when None) from ``jurisdictions``."""
    roles = st.just(Role(role)) if role is not None else st.sampled_from(tuple(Role))
    return st.builds(Party, name if name is not None else names(), roles, st.sampled_from(tuple(jurisdictions)))


def shares(*, max_total: Fraction = Fraction(1)) -> st.SearchStrategy[Fraction]:
    """One exact stake in (0, ``max_total``]: round percentages, per mille and odd
    fractions such as 1/3, boundaries (exactly 20%, exactly 100%) included."""
    if max_total <= 0:
        msg = "max_total must be above 0"
        raise ValueError(msg)

    return _draw_share(max_total)


# composites are defined once, at module level: defining one costs hypothesis a look at its source
@st.composite
def _draw_share(draw: st.DrawFn, max_total: Fraction) -> Fraction:
    den = draw(_DENS)
    top = int(max_total * den)
    if top < 1:
        return max_total
    return Fraction(draw(st.integers(1, top)), den)


def _split(draw: st.DrawFn, count: int, *, total: Fraction | None, max_total: Fraction) -> list[Fraction]:
    """``count`` (or fewer) positive exact shares adding up to ``total`` when given,
    else to at most ``max_total``."""
    den = draw(_DENS)
    budget = int((total if total is not None else max_total) * den)
    if total is not None and total * den != budget:  # the denominator cannot express the total
        den = den * total.denominator
        budget = int(total * den)
    out: list[int] = []
    for i in range(count):
        left = budget - sum(out)
        spare = count - i - 1
        if left < 1:
            break
        if total is not None and i == count - 1:
            out.append(left)
            break
        hi = max(1, left - spare) if total is not None else left
        out.append(draw(st.integers(1, hi)))
    if total is not None and sum(out) < budget:
        out[-1] += budget - sum(out)
    return [Fraction(n, den) for n in out]


@attrs.frozen
class CapTable:
    """A drawn cap table: the direct ``stakes`` in the entity and the ``holdings``
    chaining holding companies (``HoldCo…``) to their owners, cross-holdings
    included.  Pass both to :class:`~dealflow.Terms` (``terms.with_(cap_table=...,
    holdings=...)``)."""

    stakes: tuple[Stake, ...]
    holdings: tuple[Holding, ...] = ()

    @property
    def holding_companies(self) -> tuple[str, ...]:
        """The companies the holdings chain through."""
        return tuple(sorted({h.owned for h in self.holdings}))


def cap_tables(
    holders: Sequence[str],
    *,
    total: Fraction | None = None,
    max_total: Fraction = Fraction(1),
    min_size: int = 1,
    max_size: int | None = None,
    chains: bool = True,
    outside_owners: Sequence[str] = (),
) -> st.SearchStrategy[CapTable]:
    """Cap tables over ``holders``: exact stakes adding up to ``total`` (when given)
    or to at most ``max_total``.

    With ``chains``, up to three holding companies may stand in the cap table,
    owned by holders, by ``outside_owners`` (names that hold through the chain
    only), and by each other (cross-holdings, cycles included); each company's
    owners hold at most 100% of it.
    """
    if not holders:
        msg = "cap_tables needs at least one holder"
        raise ValueError(msg)

    return _cached_table(tuple(holders), total, max_total, min_size, max_size, chains, tuple(outside_owners))


@functools.lru_cache(maxsize=512)
def _cached_table(*args: Any) -> st.SearchStrategy[CapTable]:
    return _draw_table(*args)


@st.composite
def _draw_table(
    draw: st.DrawFn,
    holders: tuple[str, ...],
    total: Fraction | None,
    max_total: Fraction,
    min_size: int,
    max_size: int | None,
    chains: bool,
    outside_owners: tuple[str, ...],
) -> CapTable:
    holdcos: list[str] = []
    if chains:
        holdcos = [f"HoldCo{i + 1}" for i in range(draw(st.integers(0, 3)))]
    pool = (*holders, *holdcos)
    hi = min(len(pool), max_size if max_size is not None else len(pool))
    lo = min(max(1, min_size), hi)
    chosen = draw(st.lists(st.sampled_from(pool), min_size=lo, max_size=hi, unique=True))
    often: bool = draw(st.booleans())
    if holdcos and often and not set(chosen) & set(holdcos):
        chosen[-1] = draw(st.sampled_from(tuple(holdcos)))  # make sure chains show up often
    amounts = _split(draw, len(chosen), total=total, max_total=max_total)
    stakes = tuple(Stake(h, a) for h, a in zip(chosen, amounts, strict=False))
    in_table = {s.holder for s in stakes}
    holdings: list[Holding] = []
    owners_pool = [*holders, *outside_owners, *holdcos]
    for company in holdcos:
        candidates = tuple(o for o in owners_pool if o != company)
        owners = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=3, unique=True))
        if company in in_table or draw(st.booleans()):
            cut = _split(draw, len(owners), total=None, max_total=Fraction(1))
            holdings += [Holding(o, company, a) for o, a in zip(owners, cut, strict=False)]
    owned = {h.owned for h in holdings}
    # a holding company in the cap table must be owned by someone (else it names nobody)
    stakes = tuple(s for s in stakes if s.holder not in holdcos or s.holder in owned)
    if not stakes:
        stakes = (Stake(holders[0], total if total is not None else min(max_total, Fraction(1, 2))),)
    return CapTable(stakes, tuple(holdings))


@functools.cache
def money() -> st.SearchStrategy[Money]:
    """Prices: exact non-negative amounts in USD (cents) or another currency."""
    amounts = st.decimals(min_value=0, max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False)
    return st.builds(
        Money,
        amounts,
        st.sampled_from(("USD", "CNY", "EUR")),
    )


def boards(jurisdictions: Sequence[str] = JURISDICTIONS) -> st.SearchStrategy[Board]:
    """Boards of 1 to 11 seats with 0 to all domestic seats."""

    return _cached_board(tuple(j for j in jurisdictions if j) or ("US",))


@functools.lru_cache(maxsize=64)
def _cached_board(jurisdictions: tuple[str, ...]) -> st.SearchStrategy[Board]:
    return _draw_board(jurisdictions)


@st.composite
def _draw_board(draw: st.DrawFn, jurisdictions: tuple[str, ...]) -> Board:
    seats = draw(st.integers(1, 11))
    return Board(seats, draw(st.integers(0, seats)), draw(st.sampled_from(jurisdictions)))


def conditions(party_names: Sequence[str] = ("Oracle", "Beijing")) -> st.SearchStrategy[Condition]:
    """Conditions of the kinds the built-in rules use, and a custom one."""
    return _cached_conditions(tuple(party_names))


@functools.lru_cache(maxsize=256)
def _cached_conditions(party_names: tuple[str, ...]) -> st.SearchStrategy[Condition]:
    kinds = st.sampled_from(
        ["data_hosted_by", "majority_domestic_board", "ipo_within_months", "export_licence", "audit"]
    )
    values = st.sampled_from(("", "US", "12", Asset.ALGORITHM))
    return st.builds(Condition, kinds, st.sampled_from(("", *party_names)), values)


def terms(
    holders: Sequence[str] = ("Oracle", "Walmart", "ByteDance", "SilverLake", "MGX"),
    *,
    structure: Structure | str | None = None,
    entity: str | st.SearchStrategy[str] | None = None,
    chains: bool = True,
    outside_owners: Sequence[str] = ("Fund",),
    custodians: Sequence[str] = ("Oracle", "Microsoft"),
) -> st.SearchStrategy[Terms]:
    """Terms of ``structure`` (every structure when None) whose cap tables hold
    ``holders``: a sale's stakes add up to exactly 100%, a partnership's to at most
    50% (minority stakes), a joint venture's to at most 100%."""
    kind = Structure(structure) if structure is not None else None
    return _cached_terms(kind, entity, tuple(holders), chains, tuple(outside_owners), tuple(custodians))


@functools.lru_cache(maxsize=512)
def _cached_terms(
    structure: Structure | None,
    entity: str | st.SearchStrategy[str] | None,
    holders: tuple[str, ...],
    chains: bool,
    outside_owners: tuple[str, ...],
    custodians: tuple[str, ...],
) -> st.SearchStrategy[Terms]:
    structures = st.just(structure) if structure is not None else st.sampled_from(tuple(Structure))
    if isinstance(entity, str):
        entities: st.SearchStrategy[str] = st.just(entity)
    else:
        entities = entity if entity is not None else st.sampled_from(("TikTok US", "TikTok Global", "TikTok USDS JV"))
    tables = {
        Structure.SALE: cap_tables(
            holders, total=Fraction(1), max_size=3, chains=chains, outside_owners=outside_owners
        ),
        Structure.PARTNERSHIP: cap_tables(
            holders, max_total=Fraction(1, 2), chains=chains, outside_owners=outside_owners
        ),
        Structure.JOINT_VENTURE: cap_tables(holders, chains=chains, outside_owners=outside_owners),
    }
    extras = st.fixed_dictionaries(
        {
            "assets": st.frozensets(st.sampled_from(ASSETS), max_size=len(ASSETS)),
            "price": st.none() | money(),
            "jurisdiction": st.sampled_from(("US", "US", "CN", "GB")),
            "conditions": st.frozensets(conditions(custodians), max_size=2),
            "data_custodian": st.none() | st.sampled_from(custodians),
            "board": st.none() | boards(),
        }
    )
    return _draw_terms(structures, entities, tables, extras)


@st.composite
def _draw_terms(
    draw: st.DrawFn,
    structures: st.SearchStrategy[Structure],
    entities: st.SearchStrategy[str],
    tables: dict[Structure, st.SearchStrategy[CapTable]],
    extras: st.SearchStrategy[dict[str, Any]],
) -> Terms:
    kind = draw(structures)
    table = draw(tables[kind])
    return Terms(kind, draw(entities), table.stakes, holdings=table.holdings, **draw(extras))


def contexts(
    party_list: Iterable[Party] | st.SearchStrategy[Iterable[Party]] | None = None,
    *,
    names_: Sequence[str] = ("Oracle", "Walmart", "ByteDance", "SilverLake", "MGX", "Fund", "Microsoft"),
    jurisdictions: Sequence[str] = JURISDICTIONS,
) -> st.SearchStrategy[RuleContext]:
    """Rule contexts: a date and the parties a rule may look up.  By default the
    parties are ``names_`` with random roles and jurisdictions (so that the same
    holder is foreign in one example and domestic in the next)."""
    days = st.dates(_dt.date(2019, 1, 1), _dt.date(2027, 12, 31))
    if party_list is None:
        people = st.tuples(*(parties(name=st.just(n), jurisdictions=jurisdictions) for n in names_))
    elif isinstance(party_list, st.SearchStrategy):
        people = party_list  # type: ignore[assignment]
    else:
        people = st.just(tuple(party_list))
    return st.builds(lambda on, ps: RuleContext(on, {p.name: p for p in ps}), days, people)


# ---------------------------------------------------------------------- rules

_RULE_STRATEGIES: dict[str, Callable[[], st.SearchStrategy[Rule]]] = {}


def register_rule_strategy(
    name: str, strategy: st.SearchStrategy[Rule] | Callable[[], st.SearchStrategy[Rule]]
) -> None:
    """Tell :func:`rules` how to draw instances of your registered rule ``name``
    (rules whose fields all have defaults are drawn as ``Cls()`` without this)."""
    _RULE_STRATEGIES[name] = strategy if callable(strategy) else (lambda: strategy)
    _RULES_CACHE.clear()


def _builtin_leaves() -> dict[str, st.SearchStrategy[Rule]]:
    regs = st.sampled_from(("Beijing", "Washington"))
    js = st.frozensets(
        st.sampled_from(("CN", "US", "AE", "RU")),
        min_size=1,
        max_size=2,
    )
    return {
        "approve": st.just(ApproveAlways()),
        "block": st.just(BlockAlways()),
        "require_condition": st.builds(
            RequireCondition,
            st.sampled_from(("ipo_within_months", "audit")),
            st.sampled_from(("", "Oracle")),
        ),
        "export_licence_required": st.builds(
            ExportLicenceRequired,
            regs,
            st.sampled_from(("CN", "US")),
            st.frozensets(st.sampled_from(ASSETS), min_size=1, max_size=2),
        ),
        # legal thresholds (the Act's 20%, 10%, 25%, 50%) as often as arbitrary ones
        "foreign_adversary_control": st.builds(ForeignAdversaryControl, js, _THRESHOLDS | shares()),
        "trusted_partner_custody": st.builds(
            TrustedPartnerCustody,
            st.frozensets(
                st.sampled_from(("Oracle", "Microsoft")),
                min_size=1,
            ),
        ),
        "majority_domestic_board": st.builds(
            MajorityDomesticBoard,
            st.sampled_from(("US", "CN")),
        ),
    }


def _leaf_strategies(include: Collection[str] | None) -> list[st.SearchStrategy[Rule]]:
    builtin = _builtin_leaves()
    out: list[st.SearchStrategy[Rule]] = []
    for name, cls in sorted(registered_rules().items()):
        if include is not None and name not in include:
            continue
        if name in _RULE_STRATEGIES:
            out.append(_RULE_STRATEGIES[name]())
        elif name in builtin:
            out.append(builtin[name])
        else:
            try:
                instance = cls()
            except Exception:  # noqa: BLE001 - a rule with required fields needs register_rule_strategy
                continue
            out.append(st.just(instance))
    if not out:
        msg = f"no registered rule can be drawn from {sorted(include or [])}"
        raise ValueError(msg + "; register a strategy with register_rule_strategy(name, strategy)")
    return out


def rules(
    *,
    include: Collection[str] | None = None,
    negation: bool = True,
    max_leaves: int = 6,
) -> st.SearchStrategy[Rule]:
    """Random compositions of registered rules (``include`` restricts the names)
    with ``AllOf``, ``AnyOf`` and (when ``negation``) ``Not``, empty ``AllOf`` and
    ``AnyOf`` included."""
    key = (
        None if include is None else frozenset(include),
        negation,
        max_leaves,
        frozenset(registered_rules()),
        frozenset(_RULE_STRATEGIES),
    )
    cached = _RULES_CACHE.get(key)
    if cached is None:
        cached = _RULES_CACHE[key] = _rules(include, negation, max_leaves)
    return cached


_RULES_CACHE: dict[tuple[object, ...], st.SearchStrategy[Rule]] = {}


def _rules(include: Collection[str] | None, negation: bool, max_leaves: int) -> st.SearchStrategy[Rule]:
    # each registered rule equally likely (one_of would favour some), Not one combinator in five
    leaves = st.sampled_from(tuple(_leaf_strategies(include))).flatmap(_itself)

    def extend(children: st.SearchStrategy[Rule]) -> st.SearchStrategy[Rule]:
        parts = st.lists(children, max_size=3).map(tuple)
        options: list[st.SearchStrategy[Rule]] = [parts.map(AllOf), parts.map(AnyOf)] * 2
        if negation:
            options.append(children.map(Not))
        return st.sampled_from(tuple(options)).flatmap(_itself)

    return st.recursive(leaves, extend, max_leaves=max_leaves)


def _itself(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T]:
    return strategy


# ---------------------------------------------------------------------- deals and events

_SELLERS = ("ByteDance", "Musically", "Zhang")
_BIDDERS = ("Microsoft", "Oracle", "Walmart", "SilverLake", "MGX", "Blackstone")
_REGULATORS = ("Washington", "Beijing", "Brussels")


def deal_openings(
    *,
    on: st.SearchStrategy[_dt.date] | None = None,
    max_bidders: int = 4,
    max_regulators: int = 3,
) -> st.SearchStrategy[ev.DealOpened]:
    """``deal_opened`` events: a seller, one or more bidders, partners or
    investors, one or more regulators (some required from the start), a court."""
    days = on if on is not None else st.dates(_dt.date(2019, 1, 1), _dt.date(2024, 12, 31))

    return _draw_opening(days, max_bidders, max_regulators)


@st.composite
def _draw_opening(
    draw: st.DrawFn, days: st.SearchStrategy[_dt.date], max_bidders: int, max_regulators: int
) -> ev.DealOpened:
    seller = Party(
        draw(st.sampled_from(_SELLERS)),
        Role.SELLER,
        draw(st.sampled_from(("CN", "US"))),
    )
    names_ = draw(st.lists(st.sampled_from(_BIDDERS), min_size=1, max_size=max_bidders, unique=True))
    roles = st.sampled_from((Role.BIDDER, Role.BIDDER, Role.PARTNER, Role.INVESTOR))
    bidders = [Party(n, draw(roles), draw(st.sampled_from(JURISDICTIONS[:4]))) for n in names_]
    regs = draw(st.lists(st.sampled_from(_REGULATORS), min_size=1, max_size=max_regulators, unique=True))
    regulators = [Party(r, Role.REGULATOR, {"Washington": "US", "Beijing": "CN"}.get(r, "EU")) for r in regs]
    required = draw(st.lists(st.sampled_from(tuple(regs)), max_size=len(regs), unique=True))
    court = Party("Court", Role.OTHER, "US")
    return ev.DealOpened(
        date=draw(days),
        actor=seller.name,
        target="TikTok US",
        seller=seller.name,
        parties=(seller, *bidders, *regulators, court),
        regulators=tuple(required),
    )


def _holders(deal: Deal) -> list[str]:
    return [p.name for p in deal.parties.values() if p.role in (Role.BIDDER, Role.PARTNER, Role.INVESTOR, Role.SELLER)]


def _buyers(deal: Deal) -> list[str]:
    return [p.name for p in deal.parties.values() if p.role in (Role.BIDDER, Role.PARTNER, Role.INVESTOR)]


def _of_role(deal: Deal, *roles: Role) -> list[str]:
    return [p.name for p in deal.parties.values() if p.role in roles]


def deal_terms(deal: Deal, *, sale: bool | None = False) -> st.SearchStrategy[Terms]:
    """Terms ``deal`` can take: its bidders, partners, investors and seller hold the
    cap table (a sale goes to buyers only), its target is the entity.  ``sale``
    None draws every structure."""
    buyers = _buyers(deal) or _holders(deal) or [deal.seller]
    if sale is None:
        return st.booleans().flatmap(lambda s: deal_terms(deal, sale=s))
    return terms(
        buyers if sale else (_holders(deal) or buyers),
        structure=Structure.SALE if sale else None,
        entity=deal.target or "TikTok US",
        custodians=buyers,
    )


def _days(deal: Deal, at_least: _dt.date | None = None) -> st.SearchStrategy[_dt.date]:
    """Dates on or after the deal's clock (and ``at_least``), often the same day."""
    start = deal.clock or _dt.date(2020, 1, 1)
    if at_least is not None and at_least > start:
        start = at_least
    return st.sampled_from((0, 0, 1, 3, 10, 45, 90)).map(lambda n: start + _dt.timedelta(days=n))


Maker = Callable[[st.DrawFn], ev.Event]


def _make(cls: type[ev.Event], date: st.SearchStrategy[_dt.date], **fields: object) -> Maker:
    """A maker of ``cls`` events: fields given as strategies are drawn, others used as they are."""

    def build(draw: st.DrawFn) -> ev.Event:
        values: dict[str, Any] = {k: draw(v) if isinstance(v, st.SearchStrategy) else v for k, v in fields.items()}
        return cls(date=draw(date), **values)

    return build


def _after(day: _dt.date) -> Callable[[int], _dt.date]:
    return lambda n: day + _dt.timedelta(days=n)


def _allows(kind: str, trigger: str, state: str | None) -> bool:
    return state is not None and trigger in MACHINES[kind].triggers_from(state)


def _fresh(prefix: str, taken: Collection[str]) -> str:
    return next(f"{prefix}{i}" for i in range(1, len(taken) + 2) if f"{prefix}{i}" not in taken)


def _valid_makers(deal: Deal, *, as_if_open: bool = False) -> list[Maker]:
    """Event makers for every move the deal's machines allow from where it stands,
    repeated by weight so that deals progress towards signing and closing.  With
    ``as_if_open``, a closed or terminated deal gets the moves its bids, gates and
    mandates would allow if it were still open (all of which it must refuse)."""
    status = deal.status()
    seller = deal.seller
    day = _days(deal)
    makers: list[Maker] = []

    def add(maker: Maker, weight: int = 1) -> None:
        makers.extend([maker] * weight)

    # statements are always valid, even on a closed deal
    add(_make(ev.Statement, day, actor=st.sampled_from(tuple(sorted(deal.parties))), text="no comment", label="signal"))
    if deal.is_final and not as_if_open:
        if deal.state == "closed":  # remedies are obligations that survive the close
            makers += _surviving_makers(deal)
        return makers
    state = deal.state
    buyers = _buyers(deal)
    regulators = _of_role(deal, Role.REGULATOR)
    any_terms = deal_terms(deal, sale=None)

    if _allows("deal", "bid", state) and buyers:
        bidders = st.lists(st.sampled_from(tuple(buyers)), min_size=1, max_size=2, unique=True).map(tuple)
        bid_name = _fresh("bid", [b.bid for b in status.bids])

        def submit(draw: st.DrawFn) -> ev.Event:
            who = draw(bidders)
            return ev.BidSubmitted(
                date=draw(day),
                actor=who[0],
                bid=bid_name,
                bidders=who,
                terms=draw(any_terms),
                unsolicited=draw(st.booleans()),
                form=draw(st.sampled_from(ev.OFFER_FORMS)),
            )

        add(submit, 3)
    if _allows("deal", "propose", state):
        add(_make(ev.TermsProposed, day, actor=seller, terms=any_terms), 2)
        if deal.terms is not None:  # a change of one aspect: scoped approvals keep or lose their decision
            add(_make(ev.TermsProposed, day, actor=seller, terms=tweaked_terms(deal.terms)), 2)
    if _allows("deal", "agree", state):
        if deal.terms is not None:
            add(_make(ev.TermsAgreed, day, actor=seller), 3)
        add(_make(ev.TermsAgreed, day, actor=seller, terms=any_terms))
    if _allows("deal", "sign", state):
        add(_make(ev.DealSigned, day, actor=seller), 3)
        add(_make(ev.DealSigned, day, actor=seller, contract=contracts(deal)), 2)
    if _allows("deal", "agree", state) and state != "agreed":
        add(_make(ev.DealSigned, day, actor=seller, terms=any_terms))
    if _allows("deal", "close", state):
        add(_make(ev.DealClosed, day, actor=seller), 4)
    if _allows("deal", "terminate", state):
        add(_make(ev.DealTerminated, day, actor=seller, reason="talks ended"))
        add(_make(ev.DealTerminated, day, actor=seller, trigger=st.sampled_from(TRIGGERS)))
    if _allows("deal", "abandon", state):
        add(_make(ev.DealAbandoned, day, actor=seller, reason="under review"))
    if status.contract is not None and not status.contract.ended and status.contract.outside_date is not None:
        outside = status.contract.outside_date
        add(_make(ev.OutsideDateExtended, day, actor=seller, to=st.integers(1, 200).map(_after(outside))), 2)
        add(_make(ev.DealTerminated, _days(deal, outside), actor=seller, trigger="outside_date"))
        waivable = [(p.condition, w) for p in status.contract.contract.conditions for w in p.waivable_by]
        for cond, who in waivable:
            add(_make(ev.ConditionWaived, day, actor=who, condition=cond))

    for b in status.bids:
        lead = b.bidders[0]
        if _allows("bid", "revise", b.state):
            add(_make(ev.BidRevised, day, actor=lead, bid=b.bid, terms=any_terms))
        if _allows("bid", "reject", b.state):
            add(_make(ev.BidRejected, day, actor=seller, bid=b.bid))
        if _allows("bid", "withdraw", b.state):
            add(_make(ev.BidWithdrawn, day, actor=lead, bid=b.bid))
            if _allows("deal", "withdraw", state):
                add(_make(ev.BidWithdrawn, day, actor=lead, bid=b.bid, ends_deal=True), 3)
        if _allows("bid", "accept", b.state):
            add(_make(ev.BidAccepted, day, actor=seller, bid=b.bid), 2)

    demands = st.frozensets(conditions(buyers or [seller]), min_size=1, max_size=2)
    for g in status.gates:
        reg = g.regulator
        if _allows("gate", "require", g.state):
            add(_make(ev.GateRequired, day, actor=reg, regulator=reg))
        if _allows("gate", "waive", g.state):
            add(_make(ev.GateWaived, day, actor=reg, regulator=reg))
        if _allows("gate", "open_review", g.state):
            days = st.sampled_from((45, 30, 15))
            add(_make(ev.ReviewOpened, day, actor=reg, regulator=reg, days=days, business_days=st.booleans()))
        add(_make(ev.GateScoped, day, actor=reg, regulator=reg, review=st.sampled_from(tuple(ev.REVIEWS))))
        offers = tuple(b.bid for b in status.bids if b.state in ("submitted", "revised", "rejected"))
        if offers and _allows("gate", "block", g.state):
            # a regulator deciding on an offer that was never accepted
            add(_make(ev.Blocked, day, actor=reg, regulator=reg, bid=st.sampled_from(offers)))
            add(_make(ev.Approved, day, actor=reg, regulator=reg, bid=st.sampled_from(offers)))
        if _allows("gate", "extend_review", g.state):
            add(_make(ev.ReviewExtended, day, actor=reg, regulator=reg, days=45))
        if deal.terms is not None:
            if _allows("gate", "approve", g.state):
                add(_make(ev.Approved, day, actor=reg, regulator=reg), 3)
            if _allows("gate", "approve_with_conditions", g.state):
                add(_make(ev.ConditionallyApproved, day, actor=reg, regulator=reg, conditions=demands), 2)
            if _allows("gate", "block", g.state):
                add(_make(ev.Blocked, day, actor=reg, regulator=reg))

    # conditions a gate demands and nobody has met yet
    demanded = sorted({c for g in status.gates for c in g.conditions} - status.conditions_met)
    if demanded:
        add(_make(ev.ConditionMet, day, actor=seller, condition=st.sampled_from(tuple(demanded))), 3)

    if regulators:
        in_force = sorted((r.regulator, r.name) for r in status.rules)
        for reg in regulators:
            name = _fresh("rule", [n for r, n in in_force if r == reg])
            add(_make(ev.RuleEnacted, day, actor=reg, regulator=reg, name=name, rule=rules(max_leaves=3)))
        for reg, name in in_force:
            add(_make(ev.RuleRepealed, day, actor=reg, regulator=reg, name=name))

    makers += _concept_makers(deal, surviving=not (as_if_open and deal.state == "closed"))
    makers += _mandate_makers(deal, as_if_open=as_if_open)
    return makers


def tweaked_terms(base: Terms) -> st.SearchStrategy[Terms]:
    """``base`` with one aspect changed: its price, board, data custodian, assets or
    conditions (a change that leaves other scopes untouched, for invariant 2)."""
    options = [
        money().map(lambda m: base.with_(price=m)),
        boards().map(lambda b: base.with_(board=b)),
        st.sets(st.sampled_from(ASSETS), max_size=3).map(lambda a: base.with_(assets=frozenset(a))),
        st.frozensets(conditions(), max_size=2).map(lambda c: base.with_(conditions=c)),
    ]
    holders = [s.holder for s in base.cap_table]
    if holders:
        options.append(st.sampled_from(holders).map(lambda h: base.with_(data_custodian=h)))
    return st.one_of(options).filter(lambda t: t != base)


def _concept_makers(deal: Deal, *, surviving: bool = True) -> list[Maker]:
    """Makers of party approval and remedy events the deal allows now (without the
    remedy moves that survive closing unless ``surviving``)."""
    status = deal.status()
    seller = deal.seller
    day = _days(deal)
    makers: list[Maker] = []
    holders = tuple(_holders(deal)) or (seller,)
    name = _fresh("vote", [a.approval for a in status.approvals])
    makers.append(
        _make(
            ev.ApprovalRequired,
            day,
            actor=seller,
            approval=name,
            body=st.sampled_from(ev.BODIES),
            party=st.sampled_from(holders),
            due=st.none() | st.integers(10, 120).map(_after(deal.clock or _dt.date(2020, 1, 1))),
            waivable_by=st.lists(st.sampled_from(holders), max_size=1).map(tuple),
            nominees=st.sampled_from(((), ("Ms Nominee",))),
        )
    )
    for a in status.approvals:
        if _allows("approval", "approve", a.state):
            makers += [_make(ev.VoteHeld, day, actor=a.party, approval=a.approval, passed=True)] * 2
            makers.append(_make(ev.VoteHeld, day, actor=a.party, approval=a.approval, passed=False, support=shares()))
        if _allows("approval", "waive", a.state):
            for who in a.waivable_by:
                makers.append(_make(ev.ApprovalWaived, day, actor=who, approval=a.approval))
    regulators = _of_role(deal, Role.REGULATOR)
    buyers = _buyers(deal)
    if regulators:
        remedy = _fresh("remedy", [r.remedy for r in status.remedies])

        def offer(draw: st.DrawFn) -> ev.Event:
            structural = draw(st.booleans()) and bool(buyers)
            return ev.RemedyOffered(
                date=draw(day),
                actor=seller,
                remedy=remedy,
                regulator=draw(st.sampled_from(tuple(regulators))),
                nature="structural" if structural else "behavioural",
                buyer=draw(st.sampled_from(tuple(buyers))) if structural else "",
                assets=(draw(st.sampled_from(ASSETS)),) if structural else (),
                buyer_clearance=tuple(draw(st.lists(st.sampled_from(tuple(regulators)), max_size=1)))
                if structural
                else (),
                upfront=structural and draw(st.booleans()),
                years=0 if structural else draw(st.sampled_from((0, 5, 10))),
            )

        makers.append(offer)
    for r in status.remedies:
        if _allows("remedy", "accept", r.state):
            makers.append(_make(ev.RemedyAccepted, day, actor=r.regulator, remedy=r.remedy))
    if surviving:
        makers += _surviving_makers(deal)
    return makers


def _surviving_makers(deal: Deal) -> list[Maker]:
    """Makers of the remedy moves that survive closing: buyer clearance, completion, discharge."""
    status = deal.status()
    day = _days(deal)
    makers: list[Maker] = []
    for r in status.remedies:
        for reg in r.buyer_clearance:
            if reg not in r.buyer_cleared and r.state not in MACHINES["remedy"].finals:
                makers.append(_make(ev.RemedyBuyerCleared, day, actor=reg, remedy=r.remedy))
        if _allows("remedy", "complete", r.state) and r.nature == "structural":
            makers += [_make(ev.RemedyCompleted, day, actor=deal.seller, remedy=r.remedy)] * 2
        if _allows("remedy", "discharge", r.state):
            makers.append(_make(ev.RemedyDischarged, day, actor=r.regulator, remedy=r.remedy))
    return makers


def contracts(deal: Deal | None = None) -> st.SearchStrategy[Contract]:
    """Definitive agreements: consideration (cash, stock or a mix), an outside date,
    termination and reverse termination fees, ticking fees, prepayments and
    conditions precedent, between ``deal``'s seller and buyers (or drawn names)."""
    if deal is None:
        sides = names()
        start = st.dates(_dt.date(2019, 1, 1), _dt.date(2027, 12, 31))
        return st.tuples(sides, sides, start).flatmap(lambda t: _contracts(t[0], t[1], t[2]))
    buyer = (_buyers(deal) or [deal.seller])[0]
    return _contracts(deal.seller, buyer, deal.clock or _dt.date(2020, 1, 1))


def _contracts(seller: str, buyer: str, on: _dt.date) -> st.SearchStrategy[Contract]:
    amount = st.integers(1, 5000).map(lambda n: Money(Decimal(n) * 1000000))
    consideration = st.builds(
        Consideration,
        cash_per_share=st.none() | st.decimals(1, 500, places=2),
        exchange_ratio=st.none() | st.fractions(Fraction(1, 10), 3, max_denominator=100),
        total=st.decimals(1000000, 10**11, places=0),
    ) | st.builds(  # a cash-or-stock election, maybe prorated
        Consideration,
        cash_per_share=st.decimals(1, 500, places=2),
        exchange_ratio=st.fractions(Fraction(1, 10), 3, max_denominator=100),
        election=st.just(True),
        cash_share=st.none() | st.fractions(0, 1, max_denominator=20),
    )
    fee = st.builds(
        Fee,
        payer=st.just(seller),
        payee=st.just(buyer),
        amount=amount,
        triggers=st.lists(st.sampled_from(TRIGGERS), min_size=1, max_size=3, unique=True).map(tuple),
    ) | st.builds(
        Fee,
        payer=st.just(buyer),
        payee=st.just(seller),
        amount=amount,
        triggers=st.lists(st.sampled_from(TRIGGERS), min_size=1, max_size=3, unique=True).map(tuple),
        kind=st.just("reverse_termination"),
    )
    ticking = st.builds(
        TickingFee, payer=st.just(buyer), payee=st.just(seller), per_day=amount, start=st.just(on + _dt.timedelta(90))
    )
    prepay = st.builds(
        Prepayment, payer=st.just(buyer), payee=st.just(seller), amount=amount, kept_on_termination=st.booleans()
    )
    precedent = st.builds(
        Precedent,
        condition=st.builds(Condition, st.sampled_from(("financing", "no_material_adverse_change", "listing"))),
        waivable_by=st.sampled_from(((), (buyer,), (seller, buyer))),
    )
    return st.builds(
        Contract,
        consideration=st.none() | consideration,
        outside_date=st.none() | st.integers(100, 500).map(_after(on)),  # after any drawn signing date
        fees=st.lists(fee, max_size=2).map(tuple),
        ticking_fees=st.lists(ticking, max_size=1).map(tuple),
        prepayments=st.lists(prepay, max_size=1).map(tuple),
        conditions=st.lists(precedent, max_size=2, unique_by=lambda p: p.condition).map(tuple),
        go_shop_ends=st.none() | st.integers(0, 60).map(_after(on)),
        extension_option=st.none()
        | st.builds(
            ExtensionOption,
            to=st.integers(501, 800).map(_after(on)),  # after any drawn outside date
            by=st.sampled_from(((), (buyer,), (seller, buyer))),
            notice_days=st.integers(0, 10),
            only_regulatory=st.booleans(),
        ),
    )


def _mandate_makers(deal: Deal, *, as_if_open: bool = False) -> list[Maker]:
    """Makers of mandate events: an order, and the moves of each mandate's machine."""
    status = deal.status()
    seller = deal.seller
    day = _days(deal)
    regulators = _of_role(deal, Role.REGULATOR)
    makers: list[Maker] = []

    def add(maker: Maker, weight: int = 1) -> None:
        makers.extend([maker] * weight)

    if (deal.is_final and not as_if_open) or not regulators:
        return makers
    order = _fresh("order", [m.mandate for m in status.mandates])

    def issue(draw: st.DrawFn) -> ev.Event:
        on = draw(day)
        return ev.MandateIssued(
            date=on,
            actor=draw(st.sampled_from(tuple(regulators))),
            mandate=order,
            deadline=on + _dt.timedelta(days=draw(st.sampled_from((0, 45, 90, 270)))),
            extension_cap_days=draw(st.sampled_from((0, 30, 90))),
            one_time_extension=draw(st.booleans()),
        )

    add(issue)

    court = (_of_role(deal, Role.OTHER) or [seller])[0]
    for m in status.mandates:
        issuer, name = m.issuer, m.mandate
        if _allows("mandate", "extend", m.state):
            room = m.extension_cap_days - m.extension_days_used
            by = st.integers(1, room) if room >= 1 else st.integers(1, 30)  # over the cap: refused
            to = by.map(_after(m.deadline))
            add(_make(ev.DeadlineExtended, day, actor=issuer, mandate=name, to=to), 2)
        if _allows("mandate", "suspend", m.state):

            def pause(draw: st.DrawFn, issuer: str = issuer, name: str = name) -> ev.Event:
                on = draw(day)
                until = on + _dt.timedelta(days=draw(st.sampled_from((75, 90))))
                return ev.EnforcementPaused(date=on, actor=issuer, mandate=name, until=until)

            add(pause)
        if _allows("mandate", "enjoin", m.state):
            add(_make(ev.Enjoined, day, actor=court, mandate=name))
        if _allows("mandate", "lift", m.state):
            add(_make(ev.InjunctionLifted, day, actor=court, mandate=name))
        if _allows("mandate", "lapse", m.state):
            add(_make(ev.MandateLapsed, _days(deal, m.deadline), actor=issuer, mandate=name))
        if _allows("mandate", "enforce", m.state):
            due = max(m.deadline, m.paused_until or m.deadline)
            add(_make(ev.MandateEnforced, _days(deal, due), actor=issuer, mandate=name))
        if _allows("mandate", "revoke", m.state):
            add(_make(ev.MandateRevoked, day, actor=issuer, mandate=name))
        if deal.terms is not None and m.state not in MACHINES["mandate"].finals:
            add(_make(ev.DivestitureQualified, day, actor=issuer, mandate=name))
    return makers


def mandate_events(deal: Deal) -> st.SearchStrategy[ev.Event]:
    """One event of the mandate track the deal's machines allow now: an order to
    divest, extensions (some over their cap, some a second use of a one-time
    extension), pauses, injunctions, lapses, enforcement, revocation,
    qualification; any event allowed now when no mandate move is."""
    return _draw_from(deal, lambda d: _mandate_makers(d) or _valid_makers(d))


def valid_events(deal: Deal) -> st.SearchStrategy[ev.Event]:
    """One event that the deal's machines allow from where the deal stands now
    (read from :data:`dealflow.MACHINES` and the deal's state).

    Such an event passes every machine's transition table, but the deal may still
    refuse it for a reason beyond the tables: signing without every approval, a
    second accepted bid, an extension over its cap.  :func:`event_sequences` keeps
    only the ones the deal accepts.  The strategy reads ``deal`` when drawn, so
    draw it again after applying an event.
    """

    return _draw_from(deal, _valid_makers)


@st.composite
def _draw_from(draw: st.DrawFn, deal: Deal, makers: Callable[[Deal], list[Maker]]) -> ev.Event:
    return draw(st.sampled_from(makers(deal)))(draw)


def _progress_makers(deal: Deal) -> list[Maker]:
    """Event makers that move the deal along its happy path towards a close."""
    status = deal.status()
    seller = deal.seller
    day = _days(deal)
    if deal.is_final or deal.state is None:
        return _valid_makers(deal)
    if deal.state == "signed":
        makers = [_make(ev.DealClosed, day, actor=seller)]
        idle = [g.regulator for g in status.gates if g.state == "not_required"]
        if idle:  # a gate required after signing: closing must wait for it
            reg = idle[0]
            makers.append(_make(ev.GateRequired, day, actor=reg, regulator=reg))
        # sign then clear: clearances, votes, remedies and conditions precedent after signing
        makers += _clearing_makers(deal)
    elif deal.terms is None or deal.state == "open":
        makers = [_make(ev.TermsProposed, day, actor=seller, terms=deal_terms(deal, sale=None))]
        if _buyers(deal):
            makers.append(lambda draw: draw(bids(deal)))
    elif deal.state == "negotiating":
        makers = [_make(ev.TermsAgreed, day, actor=seller)]
        live = [b for b in status.bids if b.state in ("submitted", "revised", "rejected")]
        if len(live) == 1:  # the pursuit may end with its only offer withdrawn
            makers.append(_make(ev.BidWithdrawn, day, actor=live[0].bidders[0], bid=live[0].bid, ends_deal=True))
        makers += [
            _make(ev.BidAccepted, day, actor=seller, bid=b.bid)
            for b in status.bids
            if b.state in ("submitted", "revised") and not any(x.state == "accepted" for x in status.bids)
        ]
    else:
        makers = []
        for g in status.gates:
            reg = g.regulator
            if g.state == "blocked":  # only new terms reset a block
                makers.append(_make(ev.TermsProposed, day, actor=seller, terms=deal_terms(deal, sale=None)))
            elif g.state in ("pending", "under_review"):
                verdict = deal.verdict(reg)
                if verdict.conditions:
                    conds = verdict.conditions
                    makers.append(_make(ev.ConditionallyApproved, day, actor=reg, regulator=reg, conditions=conds))
                else:
                    makers.append(_make(ev.Approved, day, actor=reg, regulator=reg))
        demanded = sorted({c for g in status.gates for c in g.conditions} - status.conditions_met)
        makers += [_make(ev.ConditionMet, day, actor=seller, condition=c) for c in demanded]
        # signing is tried at every stage, so that it is tried with exactly one approval missing
        makers.append(_make(ev.DealSigned, day, actor=seller))
    return makers


def _clearing_makers(deal: Deal) -> list[Maker]:
    """Makers that satisfy what bars the close: approvals, votes, upfront remedies, conditions precedent."""
    status = deal.status()
    seller = deal.seller
    day = _days(deal)
    makers: list[Maker] = []
    for g in status.gates:
        reg = g.regulator
        if g.state in ("pending", "under_review") and deal.terms is not None:
            makers.append(_make(ev.Approved, day, actor=reg, regulator=reg))
        elif g.state == "blocked":
            makers.append(_make(ev.GateWaived, day, actor=reg, regulator=reg))  # refused: a block stands
    demanded = sorted({c for g in status.gates for c in g.conditions} - status.conditions_met)
    makers += [_make(ev.ConditionMet, day, actor=seller, condition=c) for c in demanded]
    for a in status.approvals:
        if a.state == "required":
            makers.append(_make(ev.VoteHeld, day, actor=a.party, approval=a.approval, passed=True))
    for r in status.remedies:
        if r.upfront and r.state == "offered":
            makers.append(_make(ev.RemedyAccepted, day, actor=r.regulator, remedy=r.remedy))
    makers += _surviving_makers(deal)
    if status.contract is not None:
        done = status.contract.waived | status.conditions_met
        for p in status.contract.contract.conditions:
            if p.condition not in done:
                makers.append(_make(ev.ConditionMet, day, actor=seller, condition=p.condition))
    return makers


def progress_events(deal: Deal) -> st.SearchStrategy[ev.Event]:
    """One event that moves ``deal`` along its happy path: terms or a bid when it
    has none, agreement, an approval of the current terms by each gate (on the
    conditions its rules in force ask for), meeting those conditions, signing,
    closing.  Mixed with :func:`valid_events`, it lets random runs reach the end of
    a deal's life."""
    return _draw_from(deal, _progress_makers)


def _invalid_makers(deal: Deal) -> list[Maker]:
    """Event makers for moves the deal must refuse."""
    status = deal.status()
    seller = deal.seller or "Nobody"
    day = _days(deal)
    today = deal.clock or _dt.date(2020, 1, 1)
    makers: list[Maker] = [
        # an actor, a bid, a gate, a mandate the deal does not know
        _make(ev.TermsAgreed, day, actor="Nobody"),
        _make(ev.BidAccepted, day, actor=seller, bid="no-such-bid"),
        _make(ev.Approved, day, actor=seller, regulator="NoSuchRegulator"),
        _make(ev.DeadlineExtended, day, actor=seller, mandate="no-such-order", to=today + _dt.timedelta(days=400)),
        # time running backwards
        _make(
            ev.Statement,
            st.integers(1, 400).map(lambda n: today - _dt.timedelta(days=n)),
            actor=seller,
            text="back in time",
        ),
    ]
    state = deal.state
    # deal moves its machine does not allow from here
    for trigger, maker in (
        ("sign", _make(ev.DealSigned, day, actor=seller)),
        ("close", _make(ev.DealClosed, day, actor=seller)),
        ("terminate", _make(ev.DealTerminated, day, actor=seller)),
        ("propose", _make(ev.TermsProposed, day, actor=seller, terms=deal_terms(deal, sale=None))),
    ):
        if not _allows("deal", trigger, state):
            makers.append(maker)
    buyers = _buyers(deal)
    if buyers and not _allows("deal", "bid", state) and not deal.is_final:
        # a new bid on a deal that takes no more bids (signed)
        lead = buyers[0]
        name = _fresh("bid", [b.bid for b in status.bids])
        terms_ = deal_terms(deal, sale=None)
        makers.append(_make(ev.BidSubmitted, day, actor=lead, bid=name, bidders=(lead,), terms=terms_))
    if deal.is_final:
        # every move of a bid, gate, mandate or rule, which a final deal refuses too
        makers.append(_make(ev.ConditionMet, day, actor=seller, condition=conditions()))
        makers += _valid_makers(deal, as_if_open=True)[1:]  # [0] is the statement, always accepted
    for b in status.bids:
        lead = b.bidders[0]
        for trigger, maker in (
            ("revise", _make(ev.BidRevised, day, actor=lead, bid=b.bid, bidders=b.bidders)),
            ("reject", _make(ev.BidRejected, day, actor=seller, bid=b.bid)),
            ("withdraw", _make(ev.BidWithdrawn, day, actor=lead, bid=b.bid)),
            ("accept", _make(ev.BidAccepted, day, actor=seller, bid=b.bid)),
        ):
            if not _allows("bid", trigger, b.state):
                makers.append(maker)
        # the same bid name twice
        makers.append(_make(ev.BidSubmitted, day, actor=lead, bid=b.bid, bidders=b.bidders, terms=b.terms))
    for g in status.gates:
        reg = g.regulator
        for trigger, maker in (
            ("approve", _make(ev.Approved, day, actor=reg, regulator=reg)),
            ("block", _make(ev.Blocked, day, actor=reg, regulator=reg)),
            ("open_review", _make(ev.ReviewOpened, day, actor=reg, regulator=reg, days=45)),
            ("extend_review", _make(ev.ReviewExtended, day, actor=reg, regulator=reg, days=15)),
            ("waive", _make(ev.GateWaived, day, actor=reg, regulator=reg)),
            ("require", _make(ev.GateRequired, day, actor=reg, regulator=reg)),
        ):
            if not _allows("gate", trigger, g.state):
                makers.append(maker)
        if deal.terms is None and not deal.is_final:
            # an approval is of specific terms, and none are proposed
            makers.append(_make(ev.Approved, day, actor=reg, regulator=reg))
    makers += _invalid_concept_makers(deal)
    for m in status.mandates:
        issuer, name = m.issuer, m.mandate
        if m.one_time_extension and m.extensions:
            # a one-time extension used a second time
            later = m.deadline + _dt.timedelta(days=1)
            makers.append(_make(ev.DeadlineExtended, day, actor=issuer, mandate=name, to=later))
        # an extension that does not move the deadline later
        makers.append(_make(ev.DeadlineExtended, day, actor=issuer, mandate=name, to=m.deadline))
        if not _allows("mandate", "lift", m.state):
            makers.append(_make(ev.InjunctionLifted, day, actor=issuer, mandate=name))
        if _allows("mandate", "lapse", m.state) and today < m.deadline:
            # lapsing before the deadline has passed
            makers.append(_make(ev.MandateLapsed, st.just(today), actor=issuer, mandate=name))
    return makers


def _invalid_concept_makers(deal: Deal) -> list[Maker]:
    """Makers of contract, party approval and remedy events the deal must refuse."""
    status = deal.status()
    seller = deal.seller or "Nobody"
    day = _days(deal)
    today = deal.clock or _dt.date(2020, 1, 1)
    everyone = sorted(deal.parties)
    makers: list[Maker] = [
        # a vote on an approval nobody required
        _make(ev.VoteHeld, day, actor=seller, approval="no-such-vote", passed=True),
        # a remedy nobody offered
        _make(ev.RemedyAccepted, day, actor=seller, remedy="no-such-remedy"),
    ]
    for a in status.approvals:
        strangers = [p for p in everyone if p not in a.waivable_by]
        if strangers:  # a waiver by a party not entitled to it
            makers.append(_make(ev.ApprovalWaived, day, actor=st.sampled_from(strangers), approval=a.approval))
    for r in status.remedies:
        uncleared = any(reg not in r.buyer_cleared for reg in r.buyer_clearance)
        if r.state != "accepted" or r.nature != "structural" or uncleared:
            # completing what cannot complete (yet): not accepted, behavioural, or its buyer not cleared
            makers.append(_make(ev.RemedyCompleted, day, actor=seller, remedy=r.remedy))
    c = status.contract
    if c is None or c.ended:
        makers.append(_make(ev.OutsideDateExtended, day, actor=seller, to=today + _dt.timedelta(days=365)))
        makers.append(_make(ev.ConditionWaived, day, actor=seller, condition=Condition("financing")))
    else:
        if c.outside_date is not None:
            # an extension that moves nothing, and a termination on the outside date before it passed
            makers.append(_make(ev.OutsideDateExtended, day, actor=seller, to=c.outside_date))
            if today < c.outside_date and _allows("deal", "terminate", deal.state):
                makers.append(_make(ev.DealTerminated, st.just(today), actor=seller, trigger="outside_date"))
        for p in c.contract.conditions:
            strangers = [x for x in everyone if x not in p.waivable_by]
            if strangers and p.condition not in c.waived:
                makers.append(_make(ev.ConditionWaived, day, actor=st.sampled_from(strangers), condition=p.condition))
    return makers


def invalid_events(deal: Deal) -> st.SearchStrategy[ev.Event]:
    """One well-formed event that ``deal`` must refuse where it stands now: a move
    its machines do not allow from their states, a date before its clock, an
    unknown actor, bid, gate, mandate, approval or remedy, a second use of a
    one-time extension, an extension that moves no deadline or outside date, a
    lapse before the deadline, a termination on the outside date before it, a
    waiver by a party not entitled to it, a remedy completed before its buyer is
    cleared, any state change to a final deal."""

    return _draw_from(deal, _invalid_makers)


def event_sequences(
    opening: ev.DealOpened | st.SearchStrategy[ev.DealOpened] | None = None,
    *,
    min_size: int = 0,
    max_size: int = 25,
    invalid: bool = False,
) -> st.SearchStrategy[list[ev.Event]]:
    """Journals: an opening and up to ``max_size`` events the deal accepts in turn
    (drawn from :func:`valid_events`, :func:`progress_events` and
    :func:`mandate_events`; refused draws are dropped).  With
    ``invalid``, events the deal refuses are mixed in (each drawn from
    :func:`invalid_events`); :func:`~dealflow.replay` then raises on the first."""
    return _draw_life(_openings(opening), min_size, max_size, invalid, True).map(lambda life: life[1])


def _openings(opening: ev.DealOpened | st.SearchStrategy[ev.DealOpened] | None) -> st.SearchStrategy[ev.DealOpened]:
    if isinstance(opening, st.SearchStrategy):
        return opening
    return st.just(opening) if opening is not None else deal_openings()


@st.composite
def _draw_life(
    draw: st.DrawFn,
    openings: st.SearchStrategy[ev.DealOpened],
    min_size: int,
    max_size: int,
    invalid: bool,
    final: bool,
) -> tuple[Deal, list[ev.Event]]:
    """A deal and its events (the refused ones too, with ``invalid``)."""
    first = draw(openings)
    deal = Deal()
    deal.apply(first)
    out: list[ev.Event] = [first]
    size = draw(st.integers(min_size, max_size))
    attempts = 0
    while len(out) - 1 < size and attempts < 3 * size + 5:
        attempts += 1
        if invalid and draw(st.integers(0, 4)) == 0:
            out.append(draw(invalid_events(deal)))
            continue
        track = draw(st.sampled_from((progress_events, valid_events, mandate_events)))
        event = draw(track(deal))
        if not final and (
            isinstance(event, (ev.DealClosed, ev.DealTerminated, ev.DealAbandoned))
            or (isinstance(event, ev.BidWithdrawn) and event.ends_deal)
        ):
            continue
        try:
            deal.apply(event)
        except DealflowError:
            continue
        out.append(event)
    return deal, out


def deals(
    opening: ev.DealOpened | st.SearchStrategy[ev.DealOpened] | None = None,
    *,
    max_events: int = 25,
    final: bool = True,
) -> st.SearchStrategy[Deal]:
    """Whole deals at random points of their life: opened, then driven through up
    to ``max_events`` events they accept (open, negotiating, agreed, signed, closed
    or terminated, with bids, gates and mandates in every state).  With ``final``
    False they are never closed or terminated, so they still take state changes."""
    return _draw_life(_openings(opening), 0, max_events, False, final).map(lambda life: life[0])


def bids(deal: Deal) -> st.SearchStrategy[ev.BidSubmitted]:
    """``bid_submitted`` events ``deal`` knows the bidders of, on new bid names;
    the deal accepts them while it takes bids."""

    return _draw_bid(deal)


@st.composite
def _draw_bid(draw: st.DrawFn, deal: Deal) -> ev.BidSubmitted:
    buyers = _buyers(deal)
    if not buyers:
        msg = "the deal has no bidder, partner or investor to bid"
        raise ValueError(msg)
    bidders = draw(st.lists(st.sampled_from(tuple(buyers)), min_size=1, max_size=min(3, len(buyers)), unique=True))
    return ev.BidSubmitted(
        date=draw(_days(deal)),
        actor=bidders[0],
        bid=_fresh("bid", [b.bid for b in deal.status().bids]),
        bidders=tuple(bidders),
        terms=draw(deal_terms(deal, sale=None)),
    )


def _field_strategies() -> dict[str, st.SearchStrategy[Any]]:
    day = st.dates(_dt.date(2019, 1, 1), _dt.date(2027, 12, 31))
    name = names()
    text = st.text(max_size=20)
    return {
        "date": day,
        "deadline": day,
        "to": day,
        "until": day,
        "actor": name,
        "bid": name,
        "regulator": name,
        "mandate": name,
        "name": name,
        "target": name,
        "seller": name,
        "label": name,
        "text": name,
        "reason": text,
        "note": text,
        "description": text,
        "verified": st.booleans(),
        "date_precision": st.sampled_from(ev.DATE_PRECISIONS),
        "date_qualifier": st.sampled_from(ev.DATE_QUALIFIERS),
        "finding": st.sampled_from(FINDINGS),
        "outcome": st.sampled_from(("concerns", "no_concerns")),
        "markets": st.lists(name, max_size=2).map(tuple),
        "response_due": st.none() | day,
        "decision_due": st.none() | day,
        "payer": name,
        "payee": name,
        "fee": st.sampled_from(("termination", "reverse_termination")),
        "amount": st.none() | st.builds(Money, st.integers(0, 10**12)),
        "business_days": st.booleans(),
        "one_time_extension": st.booleans(),
        "mutual": st.booleans(),  # deal_terminated
        "undecided": st.lists(name, max_size=2, unique=True).map(tuple),  # outside_date_passed
        "met": st.lists(name, min_size=1, max_size=3, unique=True).map(tuple),  # meeting_held
        "purpose": text,
        "place": text,
        "source": st.none() | st.builds(Source, st.none() | st.integers(1, 60), text, text),
        "terms": terms(),
        "bidders": st.lists(name, min_size=1, max_size=3, unique=True).map(tuple),
        "regulators": st.lists(name, max_size=3, unique=True).map(tuple),
        "parties": st.lists(parties(), min_size=1, max_size=4, unique_by=lambda p: p.name).map(tuple),
        "party": parties(),
        "condition": conditions(),
        "conditions": st.frozensets(conditions(), min_size=1, max_size=3),
        "days": st.integers(1, 365),
        "extension_cap_days": st.integers(0, 365),
        "rule": rules(max_leaves=4),
        "regime": name,  # review regimes (dealflow._review)
        "phase": name,
        "extension": name,
        "unsolicited": st.booleans(),
        "form": st.sampled_from(ev.OFFER_FORMS),
        "ends_deal": st.booleans(),
        "contract": contracts(),
        "trigger": st.sampled_from(("", *TRIGGERS)),
        "review": st.sampled_from(tuple(ev.REVIEWS)),
        "scopes": st.lists(st.sampled_from(ev.SCOPES), max_size=3, unique=True).map(tuple),
        "approval": name,
        "body": st.sampled_from(ev.BODIES),
        "due": st.none() | day,
        "nominees": st.lists(name, max_size=2, unique=True).map(tuple),
        "precedent": st.booleans(),
        "waivable_by": st.lists(name, max_size=2, unique=True).map(tuple),
        "passed": st.booleans(),
        "support": st.none() | shares(),
        "remedy": name,
        "nature": st.just("behavioural"),
        "buyer": st.just(""),
        "assets": st.lists(st.sampled_from(ASSETS), max_size=2, unique=True).map(tuple),
        "buyer_clearance": st.just(()),
        "upfront": st.just(False),
        "years": st.integers(0, 20),
        "option": st.none(),  # drawn after `to` (it must extend beyond it): see _event_of_kind
        "exercise": st.booleans(),
        "clock_pending": st.booleans(),
        "started": st.none() | day,
        "announced": st.booleans(),
        "proposals": st.integers(0, 5),
        "section": text,  # a termination agreement's clause (dealflow._contract)
        "fees": st.lists(st.sampled_from(("termination", "reverse_termination")), max_size=2, unique=True).map(tuple),
        "days_stopped": st.none() | st.integers(1, 60),
        "basis": text,  # referrals (dealflow._referrals)
    }


def _extension_options(kw: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An outside-date extension that may grant an option to extend beyond its ``to`` (never with an exercise)."""
    if kw.get("exercise"):
        return st.just(kw)
    option = st.builds(
        ExtensionOption,
        to=st.integers(1, 400).map(lambda n: kw["to"] + _dt.timedelta(days=n)),
        by=st.lists(names(), max_size=2, unique=True).map(tuple),
        notice_days=st.integers(0, 10),
        only_regulatory=st.booleans(),
    )
    return st.just(kw) | option.map(lambda o: {**kw, "option": o})


def events(kinds: Collection[str] | None = None) -> st.SearchStrategy[ev.Event]:
    """Free-standing, well-formed events of every kind (or of ``kinds``), optional
    fields (source, note, verified) included: for serialisation tests.  A deal
    will refuse most of them; use :func:`valid_events` to drive a deal."""
    chosen = sorted(ev.EVENT_TYPES) if kinds is None else sorted(kinds)
    unknown = set(chosen) - set(ev.EVENT_TYPES)
    if unknown:
        msg = f"unknown event kinds {sorted(unknown)}; use {sorted(ev.EVENT_TYPES)}"
        raise ValueError(msg)
    return st.sampled_from(chosen).flatmap(_event_of_kind)


def _event_of_kind(kind: str) -> st.SearchStrategy[ev.Event]:
    cls = ev.EVENT_TYPES[kind]
    pool = _field_strategies()
    from ._courts_strategies import event_strategy  # litigation, orders and rights: drawn whole

    whole = event_strategy(kind, pool)
    if whole is not None:
        return whole
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for field in attrs.fields(cls):
        (required if field.default is attrs.NOTHING else optional)[field.name] = pool[field.name]
    if cls is ev.BidRevised:  # a revision changes something
        required["terms"] = optional.pop("terms")
    if cls is ev.GateScoped:  # a declaration declares something
        required["review"] = optional.pop("review")
    if cls is ev.ApprovalRequired:  # whose body votes: a name, not a Party
        required["party"] = names()
    if cls is ev.OutsideDateExtended:  # an amendment may grant an option to extend later
        optional.pop("option")
        return st.fixed_dictionaries(required, optional=optional).flatmap(_extension_options).map(lambda kw: cls(**kw))
    if cls is _PhaseOpened:  # a phase with a pending clock has no start day
        return st.fixed_dictionaries(required, optional=optional).map(
            lambda kw: cls(**{**kw, "started": None} if kw.get("clock_pending") else kw)
        )
    if cls is ev.RemedyOffered:  # a structural remedy: a named buyer, who may need clearance, maybe upfront
        return st.fixed_dictionaries(required, optional=optional).flatmap(_remedy_variants).map(lambda kw: cls(**kw))
    return st.fixed_dictionaries(required, optional=optional).map(lambda kw: cls(**kw))


def _remedy_variants(kw: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    structural = st.fixed_dictionaries(
        {
            "nature": st.just("structural"),
            "buyer": names(),
            "buyer_clearance": st.lists(names(), max_size=2, unique=True).map(tuple),
            "upfront": st.booleans(),
        }
    )
    return st.just(kw) | structural.map(lambda extra: {**kw, **extra, "years": 0})


# ---------------------------------------------------------------------- invariant oracles


def approval_problems(status: Status) -> list[str]:
    """Why ``status.terms`` are not cleared by the regulators, worked out from the
    status alone (independently of :meth:`Deal.blockers`): a required gate that has
    not approved, approved other terms, or demanded a condition not met."""
    terms_ = status.terms
    if terms_ is None:
        return ["no terms"]
    out = []
    for gate in status.gates:
        if gate.state == "not_required":
            continue
        if gate.state not in ("approved", "conditionally_approved"):
            out.append(f"gate {gate.regulator} is {gate.state}")
        elif gate.terms != terms_:
            out.append(f"gate {gate.regulator} approved other terms")
        else:
            for cond in gate.conditions:
                if (
                    cond not in status.conditions_met
                    and cond not in terms_.conditions
                    and not condition_met_by(terms_, cond)
                ):
                    out.append(f"gate {gate.regulator}'s condition {cond} is not met")
    return out


def closing_problems(status: Status) -> list[str]:
    """Why ``status.terms`` could not be closed (invariant 1, amended), worked out
    from the status alone: :func:`approval_problems` (regulators' gates), then every
    party approval that is a condition precedent and has neither passed nor been
    waived, every condition precedent of the agreement neither met nor waived, and
    every upfront remedy not completed."""
    out = approval_problems(status)
    for a in status.approvals:
        if a.precedent and a.state not in ("approved", "waived"):
            out.append(f"approval {a.approval} is {a.state}")
    if status.contract is not None and status.terms is not None:
        for p in status.contract.contract.conditions:
            c = p.condition
            if (
                c not in status.contract.waived
                and c not in status.conditions_met
                and not condition_met_by(status.terms, c)
            ):
                out.append(f"condition precedent {c} is neither met nor waived")
    for r in status.remedies:
        if r.upfront and r.state not in ("completed", "discharged"):
            out.append(f"upfront remedy {r.remedy} is {r.state}")
    return out


@attrs.frozen(eq=True)
class _Snapshot:
    status: Status
    journal: tuple[ev.Event, ...]
    history: tuple[Any, ...]
    clock: _dt.date | None


def _snapshot(deal: Deal) -> _Snapshot:
    return _Snapshot(deal.status(), tuple(deal.journal), tuple(deal.history), deal.clock)


def _without_clock(status: Status) -> Status:
    return attrs.evolve(status, on=None)


class DealMachine(RuleBasedStateMachine):
    """Drives a deal through random valid and invalid events, checking dealflow's
    invariants after every step:

    1. signing needs the parties' agreement on terms only; a deal is closed only
       when every required gate cleared the exact terms (conditions met), every
       party approval that is a condition precedent passed or was waived, every
       condition precedent of the agreement is met or waived by a party entitled
       to, and every upfront remedy completed (:func:`closing_problems`);
    2. changing the terms withdraws exactly the approvals and votes whose scope
       the change touches, and the history says which scopes;
    3. closed and terminated deals accept no state change (on a closed deal only
       the remedies that survive it move);
    4. replaying the journal rebuilds an equal deal, and the journal survives JSON;
    5. the clock never goes backwards; deadlines move only by recorded
       extensions, within their cap; a one-time extension is used once;
    6. a rejected or withdrawn bid is never accepted (a rejected offer comes back
       only as a new round); at most one bid is accepted;
    7. a refused event leaves the deal exactly as it was, and its error names the
       event (index and kind), the rule broken and a fix.

    Subclass it to add ``@rule`` and ``@invariant`` methods of your own (read
    ``self.deal``), to draw other openings (override :meth:`openings`), or other
    events (:meth:`valid_events`, :meth:`invalid_events`); apply your own events
    through :meth:`step` so that every check runs.  Run it with
    ``TestMyDeal = MyMachine.TestCase``.
    """

    #: Set True to skip the replay and JSON checks (the slowest) in long runs.
    skip_replay_check: bool = False

    def __init__(self) -> None:
        super().__init__()
        self.deal = Deal()
        self.max_clock: _dt.date | None = None
        self.ever_withdrawn_bids: set[str] = set()
        self.extensions_seen: dict[str, int] = {}
        self.deadlines: dict[str, _dt.date] = {}
        self.accepted_count = 0
        self.refused_count = 0

    # -- hooks for subclasses

    def openings(self) -> st.SearchStrategy[ev.DealOpened]:
        """The deals to start from."""
        return deal_openings()

    def valid_events(self) -> st.SearchStrategy[ev.Event]:
        """Events the deal's machines allow now."""
        return valid_events(self.deal)

    def mandate_events(self) -> st.SearchStrategy[ev.Event]:
        """Events of the mandate track."""
        return mandate_events(self.deal)

    def progress_events(self) -> st.SearchStrategy[ev.Event]:
        """Events that move the deal towards a close."""
        return progress_events(self.deal)

    def invalid_events(self) -> st.SearchStrategy[ev.Event]:
        """Events the deal must refuse now."""
        return invalid_events(self.deal)

    # -- rules

    @initialize(data=st.data())
    def open_deal(self, data: st.DataObject) -> None:
        opening = data.draw(self.openings(), label="opening")
        self.step(opening)
        assert self.deal.state == "open", "a valid opening was refused"

    @rule(data=st.data())
    def valid_event(self, data: st.DataObject) -> None:
        self.step(data.draw(self.valid_events(), label="event"))

    @rule(data=st.data())
    def mandate_event(self, data: st.DataObject) -> None:
        self.step(data.draw(self.mandate_events(), label="mandate event"))

    @rule(data=st.data())
    def progress_event(self, data: st.DataObject) -> None:
        self.step(data.draw(self.progress_events(), label="progress"))

    @rule(data=st.data())
    def invalid_event(self, data: st.DataObject) -> None:
        event = data.draw(self.invalid_events(), label="invalid event")
        refused = self.step(event)
        assert refused, f"the deal accepted {event!r}, which it must refuse"

    # -- stepping

    def step(self, event: ev.Event) -> bool:
        """Apply ``event`` and check the step invariants; True when it was refused."""
        deal = self.deal
        before = _snapshot(deal)
        frozen_before = copy.deepcopy(deal)
        try:
            deal.apply(event)
        except DealflowError as err:
            self.refused_count += 1
            after = _snapshot(deal)
            assert after == before, f"refused {event!r} changed the deal ({err})"
            assert deal == frozen_before, f"refused {event!r} changed the deal ({err})"
            assert err.index == len(deal.journal), f"the error names event #{err.index}, not #{len(deal.journal)}"
            assert err.kind == event.kind, f"the error names kind {err.kind!r}, not {event.kind!r}"
            assert err.rule, "the error states no rule"
            assert err.fix, f"the error says no fix: {err}"
            return True
        self.accepted_count += 1
        self.check_accepted(before, event)
        return False

    def check_accepted(self, before: _Snapshot, event: ev.Event) -> None:
        """Checks on an accepted event (invariants 1, 2, 3, 5, 6)."""
        deal = self.deal
        after = deal.status()
        self.check_final_deals_stay_final(before, event, after)
        self.check_sign_then_clear(before, event)
        self.check_scoped_withdrawals(before, event, after)
        # 5. deadlines move only by a recorded extension
        for m in after.mandates:
            old = (
                before.status.mandate(m.mandate).deadline
                if m.mandate in {x.mandate for x in before.status.mandates}
                else None
            )
            if old is not None and m.deadline != old:
                assert isinstance(event, ev.DeadlineExtended) and event.mandate == m.mandate, (
                    f"the deadline of {m.mandate} moved from {old} to {m.deadline} on {event!r}"
                )
                assert m.deadline == event.to and m.deadline > old
            if isinstance(event, ev.DeadlineExtended) and event.mandate == m.mandate:
                self.extensions_seen[m.mandate] = self.extensions_seen.get(m.mandate, 0) + 1
        # 6. a rejected or withdrawn bid is never accepted as it stood
        if isinstance(event, ev.BidAccepted):
            was = before.status.bid(event.bid).state
            assert was in ("submitted", "revised"), f"bid {event.bid!r} was {was}, then accepted"
            assert event.bid not in self.ever_withdrawn_bids, f"bid {event.bid!r} was withdrawn, then accepted"

    def check_final_deals_stay_final(self, before: _Snapshot, event: ev.Event, after: Status) -> None:
        """Invariant 3: a closed or terminated deal takes no state change; on a closed
        deal only the remedies that survive the close may move."""
        if before.status.state not in MACHINES["deal"].finals:
            return
        if event.survives_close and before.status.state == "closed":
            assert after.state == "closed", f"{event!r} reopened a closed deal"
            assert attrs.evolve(_without_clock(after), remedies=()) == attrs.evolve(
                _without_clock(before.status), remedies=()
            ), f"{event!r} changed more than a surviving obligation"
            return
        assert not event.changes_state, f"the {before.status.state} deal accepted {event!r}"
        assert _without_clock(after) == _without_clock(before.status), f"{event!r} changed a final deal"

    def check_sign_then_clear(self, before: _Snapshot, event: ev.Event) -> None:
        """Invariant 1 (amended): signing needs agreed terms only; closing needs every
        clearance, party approval, condition precedent and upfront remedy."""
        if isinstance(event, ev.DealSigned):
            if event.terms is None:
                assert before.status.state == "agreed" and before.status.terms is not None, (
                    f"signed from {before.status.state} without agreed terms"
                )
            assert self.deal.state == "signed"
        if isinstance(event, ev.DealClosed):
            problems = closing_problems(before.status)
            assert not problems, f"closed although: {'; '.join(problems)}"

    def check_scoped_withdrawals(self, before: _Snapshot, event: ev.Event, after: Status) -> None:
        """Invariant 2 (amended): a change of terms withdraws exactly the decisions and
        votes whose scopes it touches, each with a history entry naming those scopes."""
        old, new = before.status.terms, after.terms
        if old is None or new is None or old == new:
            return
        changes = {c.machine: c for c in self.deal.history[len(before.history) :]}
        for g in before.status.gates:
            if g.state not in ("under_review", "approved", "conditionally_approved", "blocked") or g.terms is None:
                continue
            if g.bid and not (isinstance(event, ev.BidAccepted) and event.bid == g.bid):
                continue  # a review of an offer, not of the deal's terms
            hit = [s for s in touched(g.terms, new) if s in g.scopes]
            now = after.gate(g.regulator)
            if hit:
                assert now.state == "pending", f"{g.regulator} reviews {hit} which changed, yet it is {now.state}"
                reason = changes[f"gate {g.regulator}"].reason
                assert all(s in reason for s in hit), f"the history does not say why: {reason!r}"
            else:
                assert now.state == g.state, f"{g.regulator}'s {g.state} was withdrawn by a change outside its scope"
                assert now.terms == new, f"{g.regulator}'s decision did not carry over to the new terms"
        for a in before.status.approvals:
            if a.state not in ("approved", "rejected") or a.terms is None:
                continue
            hit = [s for s in touched(a.terms, new) if s in a.scopes]
            now_a = after.approval(a.approval)
            assert (now_a.state == "required") == bool(hit), f"vote {a.approval}: {a.state} -> {now_a.state}, {hit}"
            if hit:
                assert all(s in changes[f"approval {a.approval}"].reason for s in hit)

    # -- invariants after every step

    @invariant()
    def clock_never_runs_backwards(self) -> None:
        clock = self.deal.clock
        if self.max_clock is not None:
            assert clock is not None and clock >= self.max_clock, (
                f"the clock went back from {self.max_clock} to {clock}"
            )
        self.max_clock = clock
        dates = [e.date for e in self.deal.journal]
        assert dates == sorted(dates), "the journal's dates run backwards"

    @invariant()
    def approvals_are_of_the_current_terms(self) -> None:
        status = self.deal.status()
        for gate in status.gates:
            if gate.state in ("approved", "conditionally_approved"):
                of = status.bid(gate.bid).terms if gate.bid else status.terms
                assert gate.terms == of, f"{gate.regulator}'s approval is of other terms than the current ones"

    @invariant()
    def signed_and_closed_deals_stand_on_approvals(self) -> None:
        status = self.deal.status()
        if status.state in ("signed", "closed"):
            assert status.terms is not None, f"a {status.state} deal without terms"

    @invariant()
    def bids_are_accepted_at_most_once(self) -> None:
        status = self.deal.status()
        accepted = [b.bid for b in status.bids if b.state == "accepted"]
        assert len(accepted) <= 1, f"bids {accepted} are accepted at once"
        for b in status.bids:
            if b.state == "withdrawn":
                self.ever_withdrawn_bids.add(b.bid)
            if b.state == "accepted":
                assert b.bid not in self.ever_withdrawn_bids, f"bid {b.bid!r} was withdrawn, then accepted"

    @invariant()
    def deadlines_move_only_by_extensions(self) -> None:
        for m in self.deal.status().mandates:
            assert m.deadline >= m.original_deadline, f"{m.mandate}'s deadline moved earlier"
            assert m.extension_days_used <= m.extension_cap_days, (
                f"{m.mandate} was extended by {m.extension_days_used} days, over its cap of {m.extension_cap_days}"
            )
            assert m.extensions == self.extensions_seen.get(m.mandate, 0), (
                f"{m.mandate} counts {m.extensions} extensions; {self.extensions_seen.get(m.mandate, 0)} were applied"
            )
            if m.one_time_extension:
                assert m.extensions <= 1, f"{m.mandate}'s one-time extension was used {m.extensions} times"
            if m.extensions == 0:
                assert m.deadline == m.original_deadline, f"{m.mandate}'s deadline moved without an extension"

    @invariant()
    def journal_replays_and_survives_json(self) -> None:
        if self.skip_replay_check or self.deal.state is None:
            return
        from ._serde import events_from_json, events_to_json

        journal = self.deal.journal
        assert replay(journal) == self.deal, "replaying the journal does not rebuild an equal deal"
        read = events_from_json(events_to_json(journal))
        assert read == journal, "the journal does not survive JSON"
        assert replay(read) == self.deal, "the journal read back from JSON replays to another deal"


# ---------------------------------------------------------------------- rule properties


def lower_holding(terms_: Terms, holder: str, to: Fraction) -> Terms:
    """``terms_`` with ``holder``'s stake lowered to ``to`` (0 removes it): in the cap
    table when ``holder`` is a direct holder, else in every holding it has."""
    if to < 0:
        msg = "a stake cannot go below 0"
        raise ValueError(msg)
    direct = [s for s in terms_.cap_table if s.holder == holder]
    if direct:
        table = tuple(
            s if s.holder != holder else Stake(holder, min(s.share, to))
            for s in terms_.cap_table
            if s.holder != holder or to > 0
        )
        if not table and terms_.structure is Structure.SALE:
            return terms_
        return terms_.with_(cap_table=table)
    held = tuple(
        h if h.owner != holder else Holding(h.owner, h.owned, min(h.share, to))
        for h in terms_.holdings
        if h.owner != holder or to > 0
    )
    return terms_.with_(holdings=held)


def _holders_of(terms_: Terms) -> list[str]:
    return sorted({s.holder for s in terms_.cap_table} | {h.owner for h in terms_.holdings})


def assert_monotone_in_holding(rule_: Rule, terms_: Terms, ctx: RuleContext, holder: str, to: Fraction) -> None:
    """Lowering ``holder``'s stake to ``to`` never turns an approval into a block,
    and never makes the verdict worse (block < conditional < approve)."""
    lowered = lower_holding(terms_, holder, to)
    was = rule_.evaluate(terms_, ctx)
    now = rule_.evaluate(lowered, ctx)
    assert now.outcome >= was.outcome, (
        f"lowering {holder}'s stake to {to} turned {was.outcome} into {now.outcome} under {rule_!r}\n"
        f"before: {terms_!r}\nafter: {lowered!r}"
    )


def assert_never_approves_what_blocks(rule_: Rule, stricter: Rule, terms_: Terms, ctx: RuleContext) -> None:
    """Where ``stricter`` blocks, ``rule_`` blocks too (it approves nothing, not even
    on conditions, that ``stricter`` blocks)."""
    if stricter.evaluate(terms_, ctx).outcome is Outcome.BLOCK:
        verdict = rule_.evaluate(terms_, ctx)
        assert verdict.outcome is Outcome.BLOCK, f"{rule_!r} says {verdict} of terms {stricter!r} blocks:\n{terms_!r}"


def assert_unchanged_by(rule_: Rule, before: Terms, after: Terms, ctx: RuleContext) -> None:
    """``rule_`` gives the same verdict (outcome and conditions) on both terms."""
    was, now = rule_.evaluate(before, ctx), rule_.evaluate(after, ctx)
    assert was.same(now), f"{rule_!r} said {was} of\n{before!r}\nbut {now} of\n{after!r}"


def restructurings(
    terms_: Terms, *, keep: Collection[str], holders: Sequence[str] | None = None
) -> st.SearchStrategy[Terms]:
    """Terms that differ from ``terms_`` only in fields not in ``keep`` (field
    names of :class:`~dealflow.Terms`: ``cap_table`` and ``holdings`` go together,
    as do ``structure`` and ``cap_table``)."""
    unknown = set(keep) - _TERMS_FIELDS
    if unknown:
        msg = f"unknown Terms fields {sorted(unknown)}; use {sorted(_TERMS_FIELDS)}"
        raise ValueError(msg)
    pool = list(holders) if holders is not None else _holders_of(terms_) or ["Oracle"]
    pool = [h for h in pool if not h.startswith("HoldCo")] or ["Oracle"]
    other = terms(pool, entity=terms_.entity)

    def mix(new: Terms) -> Terms:
        changes: dict[str, Any] = {}
        for name in _TERMS_FIELDS - set(keep):
            changes[name] = getattr(new, name)
        if {"cap_table", "holdings"} & set(keep):
            for name in ("cap_table", "holdings", "structure"):
                changes.pop(name, None)
        if "structure" in keep:
            for name in ("cap_table", "holdings"):
                changes.pop(name, None)
        try:
            return terms_.with_(**changes)
        except DealflowError:
            return terms_

    return other.map(mix)


def _run(test: Callable[..., None], max_examples: int | None) -> Callable[[], None]:
    return settings(max_examples=max_examples)(test) if max_examples is not None else test


def monotone_in_holding(
    rule_: Rule,
    *,
    terms_: st.SearchStrategy[Terms] | None = None,
    ctxs: st.SearchStrategy[RuleContext] | None = None,
    max_examples: int | None = None,
) -> Callable[[], None]:
    """A test function (assign it to a ``test_…`` name) checking that lowering any
    holding of random terms never makes ``rule_``'s verdict worse."""

    @given(terms_ if terms_ is not None else terms(), ctxs if ctxs is not None else contexts(), st.data())
    def test(t: Terms, ctx: RuleContext, data: st.DataObject) -> None:
        holder = data.draw(st.sampled_from(_holders_of(t)), label="holder")
        to = data.draw(
            st.sampled_from(
                (
                    Fraction(0),
                    Fraction(1, 100),
                    Fraction(1, 5),
                )
            )
            | shares(),
            label="to",
        )
        assert_monotone_in_holding(rule_, t, ctx, holder, to)

    test.__name__ = f"monotone_in_holding_{type(rule_).__name__}"
    return _run(test, max_examples)


def never_approves_what_blocks(
    rule_: Rule,
    stricter: Rule,
    *,
    terms_: st.SearchStrategy[Terms] | None = None,
    ctxs: st.SearchStrategy[RuleContext] | None = None,
    max_examples: int | None = None,
) -> Callable[[], None]:
    """A test function checking :func:`assert_never_approves_what_blocks` on random terms."""

    @given(terms_ if terms_ is not None else terms(), ctxs if ctxs is not None else contexts())
    def test(t: Terms, ctx: RuleContext) -> None:
        assert_never_approves_what_blocks(rule_, stricter, t, ctx)

    return _run(test, max_examples)


def unchanged_by_restructuring(
    rule_: Rule,
    *,
    reads: Collection[str],
    terms_: st.SearchStrategy[Terms] | None = None,
    ctxs: st.SearchStrategy[RuleContext] | None = None,
    max_examples: int | None = None,
) -> Callable[[], None]:
    """A test function checking that ``rule_`` gives the same verdict when terms
    are restructured in any field outside ``reads`` (the fields it reads)."""

    @given(terms_ if terms_ is not None else terms(), ctxs if ctxs is not None else contexts(), st.data())
    def test(t: Terms, ctx: RuleContext, data: st.DataObject) -> None:
        changed = data.draw(restructurings(t, keep=reads), label="restructured")
        assert_unchanged_by(rule_, t, changed, ctx)

    return _run(test, max_examples)
