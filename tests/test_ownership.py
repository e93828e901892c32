"""Tests of dealflow/_ownership.py and the 20% control test (adversary_share in _rules).

Effective ownership is checked against two independent oracles on random
ownership graphs with diamonds, repeated links, cross-holdings, cycles through the
owner or the target, self-holdings and a target that owns things: networkx's
enumeration of simple paths (multiplying stakes along each path) wherever the
definition says the two agree (every cycle passes through the owner or the
target), and a floating-point matrix inverse (numpy) of the walk sums everywhere.
"""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from itertools import pairwise
from math import prod

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import ForeignAdversaryControl, Holding, InputError, Outcome, Party, RuleContext, Stake, Terms
from dealflow._ownership import edges_of, effective_owners, effective_ownership, group_ownership
from dealflow._rules import adversary_share

ENTITY = "Target"
NODES = ["A", "B", "C", "D", "E", "F"]


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[Stake], list[Holding], dict[str, str]]:
    """A random cap table of Target and holdings among up to six companies, each
    company owned at most 100% in all, cycles and self-holdings allowed, with a
    random jurisdiction per company."""
    nodes = NODES[: draw(st.integers(1, len(NODES)))]
    stakes: list[Stake] = []
    holdings: list[Holding] = []
    for owned in [ENTITY, *nodes]:
        owners = draw(st.lists(st.sampled_from(nodes), max_size=3, unique=True))
        left = Fraction(1)
        for owner in owners:
            if left <= 0:
                break
            share = Fraction(draw(st.integers(1, 100)), 100) * left
            left -= share
            if owned == ENTITY:
                stakes.append(Stake(owner, share))
            else:
                holdings.append(Holding(owner, owned, share))
    if not stakes:
        stakes.append(Stake(nodes[0], Fraction(1, 2)))
    jurisdictions = {n: draw(st.sampled_from(["CN", "US", "RU"])) for n in nodes}
    return stakes, holdings, jurisdictions


def _graph(stakes: list[Stake], holdings: list[Holding]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from([ENTITY, *NODES])
    for s in stakes:
        g.add_edge(s.holder, ENTITY, share=s.share)
    for h in holdings:
        if g.has_edge(h.owner, h.owned):
            g[h.owner][h.owned]["share"] += h.share
        else:
            g.add_edge(h.owner, h.owned, share=h.share)
    return g


def _path_value(g: nx.DiGraph, path: list[str]) -> Fraction:
    return prod((g[a][b]["share"] for a, b in pairwise(path)), start=Fraction(1))


def _brute_effective(g: nx.DiGraph, owner: str) -> Fraction:
    return sum((_path_value(g, p) for p in nx.all_simple_paths(g, owner, ENTITY)), Fraction(0))


def _brute_adversary(g: nx.DiGraph, hostile: set[str]) -> Fraction:
    """Sum over adversaries of simple paths to Target passing through no other adversary."""
    total = Fraction(0)
    for a in hostile:
        for path in nx.all_simple_paths(g, a, ENTITY):
            if not set(path[1:-1]) & hostile:
                total += _path_value(g, path)
    return total


def _links(stakes: list[Stake], holdings: list[Holding]) -> list[tuple[str, str, Fraction]]:
    return [(s.holder, ENTITY, s.share) for s in stakes] + [(h.owner, h.owned, h.share) for h in holdings]


def _agrees(g: nx.DiGraph, ends: set[str]) -> bool:
    """Whether every cycle of ``g`` passes through a party of ``ends`` (then walks
    that meet ``ends`` only at their ends are simple paths)."""
    return nx.is_directed_acyclic_graph(g.subgraph(set(g) - ends))


def _oracle(g: nx.DiGraph, owners: set[str], entity: str = ENTITY) -> float:
    """The walk sums by a floating-point matrix inverse: links into ``owners`` and
    out of ``entity`` removed, (I - A)^-1 read at each owner's row, over the
    parties on some walk from an owner to ``entity``."""
    cut = nx.DiGraph()
    cut.add_nodes_from(g)
    cut.add_edges_from((x, y, d) for x, y, d in g.edges(data=True) if y not in owners and x != entity)
    nodes = sorted(
        {entity} | {n for o in owners for n in nx.descendants(cut, o) | {o}} & (nx.ancestors(cut, entity) | {entity})
    )
    pos = {n: i for i, n in enumerate(nodes)}
    a = np.zeros((len(nodes), len(nodes)))
    for x, y, data in cut.subgraph(nodes).edges(data=True):
        a[pos[x], pos[y]] = float(data["share"])
    walks = np.linalg.inv(np.eye(len(nodes)) - a)
    return float(sum(walks[pos[o], pos[entity]] for o in owners if o in pos))


@given(graphs())
def test_effective_ownership_is_the_sum_over_simple_paths_where_every_cycle_meets_an_end(graph: tuple) -> None:
    """Where every cycle passes through the owner or the target, effective ownership is networkx's simple-path sum."""
    stakes, holdings, _ = graph
    edges = edges_of(_links(stakes, holdings))
    g = _graph(stakes, holdings)
    for node in NODES:
        if _agrees(g, {node, ENTITY}):
            assert effective_ownership(edges, node, ENTITY) == _brute_effective(g, node)


@st.composite
def acyclic_graphs(draw: st.DrawFn) -> tuple[list[Stake], list[Holding], dict[str, str]]:
    """Random acyclic holdings (diamonds and repeated links likely) below Target, which may itself own companies."""
    stakes, holdings, jurisdictions = draw(graphs())
    order = {n: i for i, n in enumerate(NODES)}
    # keep holdings that go down the order, and let Target own later companies
    kept = [h for h in holdings if order.get(h.owner, -1) < order.get(h.owned, -1)]
    if draw(st.booleans()):
        kept.append(Holding(ENTITY, NODES[-1], Fraction(1, 3)))
    return stakes, kept, jurisdictions


@given(acyclic_graphs())
def test_on_acyclic_graphs_every_pair_agrees_with_simple_paths(graph: tuple) -> None:
    """On acyclic graphs (a target that owns things included) every party's ownership is the simple-path sum."""
    stakes, holdings, _ = graph
    holdings = holdings + holdings[:1]  # a repeated link adds up
    edges = edges_of(_links(stakes, holdings))
    g = _graph(stakes, holdings)
    for node in NODES:
        assert effective_ownership(edges, node, ENTITY) == _brute_effective(g, node)
    expected = {n: _brute_effective(g, n) for n in NODES if _brute_effective(g, n) > 0}
    assert effective_owners(edges, ENTITY) == expected


@given(graphs())
def test_on_any_graph_ownership_is_the_walk_sum_at_least_the_path_sum_and_at_most_one(graph: tuple) -> None:
    """With cycles anywhere: the walk sum (a numpy inverse) exactly, never below the simple-path sum, never above 1."""
    stakes, holdings, _ = graph
    edges = edges_of(_links(stakes, holdings))
    g = _graph(stakes, holdings)
    for node in NODES:
        value = effective_ownership(edges, node, ENTITY)
        assert _brute_effective(g, node) <= value <= 1
        assert float(value) == pytest.approx(_oracle(g, {node}), abs=1e-9)


@given(graphs())
def test_effective_owners_lists_every_positive_owner(graph: tuple) -> None:
    """effective_owners (one pass) maps each company with a positive effective stake to it, as effective_ownership does."""
    stakes, holdings, _ = graph
    edges = edges_of(_links(stakes, holdings))
    expected = {n: effective_ownership(edges, n, ENTITY) for n in NODES}
    assert effective_owners(edges, ENTITY) == {n: v for n, v in expected.items() if v > 0}
    level = Fraction(1, 5)
    assert effective_owners(edges, ENTITY, at_least=level) == {n: v for n, v in expected.items() if v >= level}


@given(graphs(), st.sampled_from([Fraction(1, 100), Fraction(1, 5), Fraction(1, 2), Fraction(1)]))
def test_controllers_lists_the_owners_at_the_threshold_largest_first(graph: tuple, threshold: Fraction) -> None:
    """graph.controllers (read from the graph's own adjacency) agrees with effective_ownership, largest first, ties by name."""
    from dealflow import graph as dg

    stakes, holdings, _ = graph
    g = _graph(stakes, holdings)
    edges = edges_of(_links(stakes, holdings))
    values = {n: effective_ownership(edges, n, ENTITY) for n in NODES}
    expected = sorted(((n, v) for n, v in values.items() if v > 0 and v >= threshold), key=lambda x: (-x[1], x[0]))
    assert list(dg.controllers(g, ENTITY, threshold).items()) == expected


def test_an_owner_owns_itself_entirely() -> None:
    """The entity's effective ownership of itself is 1."""
    assert effective_ownership({}, ENTITY, ENTITY) == 1


def test_a_cross_holding_through_the_owner_counts_each_path_once() -> None:
    """A owns half of B and B half of A: A's stake in Target through B counts once (walks never return to A)."""
    edges = edges_of([("A", "B", Fraction(1, 2)), ("B", "A", Fraction(1, 2)), ("B", ENTITY, Fraction(1, 2))])
    assert effective_ownership(edges, "A", ENTITY) == Fraction(1, 4)


def test_a_cross_holding_between_intermediates_counts_as_a_geometric_series() -> None:
    """X holds 1/2 of A; A and B hold 1/2 and 1/4 of each other; A holds 3/5 of Target: X's share is 1/2 * 3/5 / (1 - 1/8)."""
    links = [
        ("X", "A", Fraction(1, 2)),
        ("A", "B", Fraction(1, 2)),
        ("B", "A", Fraction(1, 4)),
        ("A", ENTITY, Fraction(3, 5)),
    ]
    edges = edges_of(links)
    expected = Fraction(1, 2) * Fraction(3, 5) / (1 - Fraction(1, 8))
    assert effective_ownership(edges, "X", ENTITY) == expected
    assert effective_owners(edges, ENTITY)["X"] == expected
    # the simple-path sum would say 3/10: the cycle adds what A holds of itself through B
    assert expected > Fraction(3, 10)


def test_a_cross_holding_that_holds_all_of_itself_is_refused() -> None:
    """A and B holding 100% of each other make the walk sum unbounded: an InputError naming the cycle."""
    edges = edges_of(
        [("A", "B", Fraction(1)), ("B", "A", Fraction(1)), ("B", ENTITY, Fraction(1, 2)), ("X", "A", Fraction(1, 2))]
    )
    with pytest.raises(InputError, match="A -> B"):
        effective_ownership(edges, "X", ENTITY)


def test_long_chains_and_diamonds_stay_exact() -> None:
    """A chain of 2,000 links of 9/10 and 30 diamonds in series give the exact products."""
    chain = {f"c{i}": {f"c{i + 1}": Fraction(9, 10)} for i in range(1999)} | {"c1999": {ENTITY: Fraction(9, 10)}}
    assert effective_ownership(chain, "c0", ENTITY) == Fraction(9, 10) ** 2000
    assert effective_owners(chain, ENTITY, at_least=Fraction(1, 2)) == {
        f"c{1999 - k}": Fraction(9, 10) ** (k + 1) for k in range(6)
    }
    diamonds: dict[str, dict[str, Fraction]] = {}
    for i in range(30):
        nxt = f"x{i + 1}" if i < 29 else ENTITY
        diamonds[f"x{i}"] = {f"a{i}": Fraction(1, 2), f"b{i}": Fraction(1, 2)}
        diamonds[f"a{i}"] = {nxt: Fraction(1, 3)}
        diamonds[f"b{i}"] = {nxt: Fraction(2, 3)}
    assert effective_ownership(diamonds, "x0", ENTITY) == Fraction(1, 2) ** 30


@given(graphs(), st.sampled_from([Fraction(1, 5), Fraction(1, 10), Fraction(1, 2), Fraction(1)]))
def test_the_control_test_agrees_with_brute_force(graph: tuple, threshold: Fraction) -> None:
    """adversary_share and the 20% control test agree with brute force over chains (where cycles meet an end) and the walk-sum oracle."""
    stakes, holdings, jurisdictions = graph
    terms = Terms("joint_venture", ENTITY, stakes, holdings=holdings)
    ctx = RuleContext(_dt.date(2025, 1, 1), {n: Party(n, "investor", j) for n, j in jurisdictions.items()})
    hostile = {n for n, j in jurisdictions.items() if j == "CN"}
    g = _graph(stakes, holdings)
    brute = _brute_adversary(g, hostile)
    share = adversary_share(terms, ctx, frozenset({"CN"}))
    if _agrees(g, hostile | {ENTITY}):
        assert share == brute
    assert brute <= share <= 1
    assert float(share) == pytest.approx(_oracle(g, hostile) if hostile else 0.0, abs=1e-9)
    assert share == group_ownership(edges_of(_links(stakes, holdings)), hostile, ENTITY)
    outcome = ForeignAdversaryControl(threshold=threshold).evaluate(terms, ctx).outcome
    assert outcome is (Outcome.BLOCK if share >= threshold else Outcome.APPROVE)


@given(graphs())
def test_the_adversary_share_never_exceeds_one(graph: tuple) -> None:
    """Adversaries never hold more than all of the entity, however tangled the chains."""
    stakes, holdings, jurisdictions = graph
    terms = Terms("joint_venture", ENTITY, stakes, holdings=holdings)
    ctx = RuleContext(_dt.date(2025, 1, 1), {n: Party(n, "investor", j) for n, j in jurisdictions.items()})
    assert 0 <= adversary_share(terms, ctx, frozenset({"CN", "RU"})) <= 1


def _exact_walk_sums(links: list[tuple[str, str, Fraction]]) -> dict[str, Fraction]:
    """Every party's effective ownership of Target by brute force over simple paths (networkx), for graphs whose
    cycles all meet the owner or Target."""
    g = nx.DiGraph()
    for a, b, s in links:
        if g.has_edge(a, b):
            g[a][b]["share"] += s
        else:
            g.add_edge(a, b, share=s)
    out: dict[str, Fraction] = {}
    for node in g:
        if node != ENTITY and g.has_node(ENTITY):
            assert _agrees(g, {node, ENTITY})
            value = _brute_effective(g, node)
            if value > 0:
                out[node] = value
    return out


H = Fraction(1, 2)
FIXED_GRAPHS: dict[str, list[tuple[str, str, Fraction]]] = {
    "chain": [("X", "A", H), ("A", ENTITY, Fraction(3, 5))],
    "diamond with a direct link": [
        ("X", "A", H),
        ("X", "B", H),
        ("A", ENTITY, Fraction(1, 3)),
        ("B", ENTITY, Fraction(2, 3)),
        ("X", ENTITY, Fraction(1, 10)),
    ],
    "repeated links": [
        ("A", ENTITY, Fraction(1, 4)),
        ("A", ENTITY, Fraction(1, 4)),
        ("B", "A", H),
        ("B", "A", Fraction(1, 4)),
    ],
    "whole stakes": [("A", ENTITY, Fraction(1)), ("B", "A", Fraction(1)), ("C", "B", Fraction(1))],
    "a holder of three, the second read before its co-holder": [
        ("P", ENTITY, Fraction(1, 10)),
        ("P", "A", H),
        ("P", "B", Fraction(1, 4)),
        ("B", ENTITY, Fraction(1, 3)),
        ("A", ENTITY, H),
        ("Q", "A", Fraction(1, 4)),
    ],
    "whole stakes over one": [("A", ENTITY, Fraction(2)), ("B", "A", Fraction(3)), ("C", "B", Fraction(1))],
    "whole stakes, split": [("A", ENTITY, Fraction(1)), ("B", "A", Fraction(1)), ("D", ENTITY, Fraction(0))],
    "chains of uneven length": [
        ("X", ENTITY, Fraction(1, 8)),
        ("X", "A1", H),
        ("A1", "A2", H),
        ("A2", "A3", H),
        ("A3", ENTITY, H),
        ("Y", "A3", Fraction(1, 4)),
        ("Z", "A1", Fraction(1, 4)),
    ],
    "the target owns its owner": [(ENTITY, "A", Fraction(1, 3)), ("A", ENTITY, H), ("B", "A", H), (ENTITY, "C", H)],
    "halves": [("A", "X", H), ("X", ENTITY, H), ("B", ENTITY, H), ("Y", "A", H), ("A", "D", H)],
    "zero links": [("A", ENTITY, Fraction(0)), ("B", ENTITY, H), ("C", "B", Fraction(0)), ("C", "A", H)],
    "a cycle through the owner": [("A", "B", H), ("B", "A", H), ("B", ENTITY, H)],
    "near the level": [
        ("V", ENTITY, Fraction(1, 1000)),  # far below most levels, and met first
        ("P", ENTITY, Fraction(199, 1000)),
        ("Q", ENTITY, Fraction(1, 5)),
        ("R", "S", Fraction(999, 1000)),
        ("S", ENTITY, Fraction(201, 1000)),
        ("U", "R", Fraction(1, 1000)),
    ],
}
LEVELS = [
    Fraction(0),
    Fraction(1, 1000),
    Fraction(1, 10),
    Fraction(1, 5),
    Fraction(1, 4),
    Fraction(1, 3),
    H,
    Fraction(1),
]


@pytest.mark.parametrize("name", list(FIXED_GRAPHS))
def test_effective_owners_of_fixed_graphs_at_every_level(name: str) -> None:
    """On fixed graphs (chains, diamonds, repeated and zero links, whole stakes, uneven chains, a target owning its owner,
    values a hair from the level) effective_owners, effective_ownership and the largest-first order agree with brute force."""
    from dealflow._ownership import _preds_of, owners_from_preds

    links = FIXED_GRAPHS[name]
    edges = edges_of(links)
    expected = _exact_walk_sums(links)
    for node in {a for a, _, _ in links} - {ENTITY}:
        assert effective_ownership(edges, node, ENTITY) == expected.get(node, 0), node
    for level in LEVELS:
        wanted = {n: v for n, v in sorted(expected.items()) if v >= level}
        got = effective_owners(edges, ENTITY, at_least=level)
        assert got == wanted, level
        assert list(got) == sorted(wanted), level
        preds = _preds_of(edges, edges, ENTITY, frozenset())
        largest = owners_from_preds(preds, ENTITY, at_least=level, largest_first=True)
        assert list(largest.items()) == sorted(wanted.items(), key=lambda x: (-x[1], x[0])), level


def test_every_party_of_a_cross_holding_and_its_holder() -> None:
    """effective_owners lists each party of a cross-holding (its walks back to itself left out) and its holder (the series)."""
    edges = edges_of([("X", "A", H), ("A", "B", H), ("B", "A", Fraction(1, 4)), ("A", ENTITY, Fraction(3, 5))])
    expected = {"A": Fraction(3, 5), "B": Fraction(3, 20), "X": Fraction(12, 35)}
    assert effective_owners(edges, ENTITY) == expected
    assert {n: effective_ownership(edges, n, ENTITY) for n in expected} == expected
    assert effective_owners(edges, ENTITY, at_least=Fraction(1, 3)) == {"A": Fraction(3, 5), "X": Fraction(12, 35)}
    assert effective_owners(edges, ENTITY, at_least=Fraction(3, 5)) == {"A": Fraction(3, 5)}  # exactly at the level


def test_a_self_holding_counts_for_its_holders_not_for_itself() -> None:
    """A company holding half of itself: its own stake is what it holds directly; its holder's is passed through in full."""
    edges = edges_of([("A", "A", H), ("A", ENTITY, H), ("X", "A", H)])
    assert effective_owners(edges, ENTITY) == {"A": H, "X": H}
    assert effective_ownership(edges, "A", ENTITY) == H
    assert effective_ownership(edges, "X", ENTITY) == H


def test_a_self_holding_company_nobody_holds_is_still_counted() -> None:
    """A company holding part of itself and of the entity, held by nobody: its own stake counts (its loop is its only cycle)."""
    edges = edges_of([("A", "A", Fraction(1, 5)), ("A", ENTITY, H)])
    assert effective_owners(edges, ENTITY) == {"A": H}
    assert effective_owners(edges, ENTITY, at_least=H) == {"A": H}
    assert effective_ownership(edges, "A", ENTITY) == H


def test_companies_holding_all_of_each_other_are_each_counted_alone() -> None:
    """A and B holding 100% of each other, no one else holding them: each owns what its walks reach without coming back."""
    edges = edges_of(
        [
            ("A", "B", Fraction(1)),
            ("B", "A", Fraction(1)),
            ("B", ENTITY, H),
            ("C", "D", H),
            ("D", "C", H),
            ("D", ENTITY, Fraction(1, 4)),
        ]
    )
    assert effective_owners(edges, ENTITY) == {"A": H, "B": H, "C": Fraction(1, 8), "D": Fraction(1, 4)}
    assert effective_owners(edges, ENTITY, at_least=Fraction(1, 5)) == {"A": H, "B": H, "D": Fraction(1, 4)}


UNBOUNDED = (
    "the cross-holding among A -> B holds 100% or more of itself: effective ownership through it is unbounded",
    "holdings",
    "lower the stakes so that each company's holders hold at most 100% of it in all",
)


@pytest.mark.parametrize("how", ["one owner", "every owner", "a group"])
def test_holding_into_a_cross_holding_that_holds_all_of_itself_is_refused(how: str) -> None:
    """Holding part of A while A and B hold 100% of each other is refused with the reason, the field and the fix."""
    edges = edges_of([("A", "B", Fraction(1)), ("B", "A", Fraction(1)), ("B", ENTITY, H), ("X", "A", H)])
    with pytest.raises(InputError) as info:
        if how == "one owner":
            effective_ownership(edges, "X", ENTITY)
        elif how == "every owner":
            effective_owners(edges, ENTITY)
        else:
            group_ownership(edges, ["X", "Y"], ENTITY)
    assert (info.value.rule, info.value.field, info.value.fix) == UNBOUNDED


def test_a_group_counts_each_chain_once_from_its_first_member() -> None:
    """group_ownership: a chain through a member counts for that member only; the entity itself is no member."""
    edges = edges_of([("X", "A", H), ("A", ENTITY, Fraction(3, 5)), ("X", ENTITY, Fraction(1, 10)), (ENTITY, "X", H)])
    assert group_ownership(edges, ["X", "A", ENTITY], ENTITY) == Fraction(7, 10)
    assert group_ownership(edges, ["X"], ENTITY) == Fraction(2, 5)
    assert group_ownership(edges, [ENTITY], ENTITY) == 0
    assert group_ownership(edges, [], ENTITY) == 0
    assert effective_ownership(edges, "X", ENTITY, avoid=frozenset({"A"})) == Fraction(1, 10)
    assert effective_ownership(edges, "X", ENTITY, avoid=frozenset({"Q"})) == Fraction(2, 5)


def test_edges_of_adds_repeated_links() -> None:
    """Repeated (owner, owned) links add up to one link; other links stay apart."""
    links = [("A", ENTITY, Fraction(1, 4)), ("A", "B", Fraction(1, 8)), ("A", ENTITY, Fraction(1, 4)), ("C", "B", H)]
    assert edges_of(links) == {"A": {ENTITY: H, "B": Fraction(1, 8)}, "C": {"B": H}}


CYCLIC_GRAPHS: dict[str, list[tuple[str, str, Fraction]]] = {
    "two cross-holdings in series": [
        ("X", "A", H),
        ("A", "B", Fraction(1, 3)),
        ("B", "A", Fraction(1, 3)),
        ("B", "C", H),
        ("C", "D", Fraction(1, 4)),
        ("D", "C", Fraction(1, 5)),
        ("D", ENTITY, Fraction(3, 4)),
        ("A", ENTITY, Fraction(1, 10)),
    ],
    "a triangle with a chord": [
        ("A", "B", Fraction(2, 5)),
        ("B", "C", Fraction(2, 5)),
        ("C", "A", Fraction(2, 5)),
        ("B", "A", Fraction(1, 5)),
        ("C", ENTITY, Fraction(3, 5)),
        ("Y", "B", Fraction(1, 3)),
        ("Y", ENTITY, Fraction(1, 7)),
    ],
    "a cycle with tails in and out": [
        ("P", "Q", H),
        ("Q", "R", H),
        ("R", "S", Fraction(1, 4)),
        ("S", "R", Fraction(3, 4)),
        ("S", "U", H),
        ("U", ENTITY, Fraction(9, 10)),
        ("R", ENTITY, Fraction(1, 4)),
        ("W", "S", Fraction(1, 8)),
    ],
    "cycles through the target and a self-holding": [
        (ENTITY, "A", Fraction(1, 4)),
        ("A", ENTITY, Fraction(2, 3)),
        ("A", "A", Fraction(1, 5)),
        ("B", "A", H),
        ("A", "B", Fraction(1, 6)),
        ("C", "B", Fraction(1, 4)),
    ],
}


@pytest.mark.parametrize("name", list(CYCLIC_GRAPHS))
def test_cross_holdings_of_fixed_graphs_agree_with_the_matrix_inverse(name: str) -> None:
    """On fixed cyclic graphs (cross-holdings in series, a triangle with a chord, tails in and out, a self-holding and a
    cycle through the target) every party's ownership, alone, in one pass and as a group, is the walk sum (numpy)."""
    links = CYCLIC_GRAPHS[name]
    edges = edges_of(links)
    g = nx.DiGraph()
    g.add_node(ENTITY)
    for a, b, s in links:
        g.add_edge(a, b, share=s)
    owners = effective_owners(edges, ENTITY)
    parties = sorted(set(g) - {ENTITY})
    for node in parties:
        value = effective_ownership(edges, node, ENTITY)
        assert float(value) == pytest.approx(_oracle(g, {node}), abs=1e-12), node
        assert owners.get(node, 0) == value, node
    assert list(owners) == sorted(owners)
    for group in ({parties[0], parties[-1]}, set(parties[1:3])):
        assert float(group_ownership(edges, group, ENTITY)) == pytest.approx(_oracle(g, group), abs=1e-12)


# C and D hold all of each other (unbounded), and E holds part of C: asking E would be refused
UNBOUNDED_ASIDE = [("C", "D", Fraction(1)), ("D", "C", Fraction(1)), ("D", ENTITY, Fraction(1, 4)), ("E", "C", H)]


@pytest.mark.parametrize(
    ("links", "avoid", "expected"),
    [
        ([("X", "A", H), ("A", ENTITY, H), (ENTITY, "C", Fraction(1, 3))], frozenset(), Fraction(1, 4)),
        ([("X", "A", H), ("A", ENTITY, H), ("X", "C", Fraction(0))], frozenset(), Fraction(1, 4)),
        ([("X", "A", H), ("A", ENTITY, H), ("X", "B", H), ("B", "C", H)], frozenset({"B"}), Fraction(1, 4)),
    ],
    ids=["reached from the target", "through a zero link", "through an avoided party"],
)
def test_a_cross_holding_off_the_owners_walks_is_never_looked_at(
    links: list[tuple[str, str, Fraction]], avoid: frozenset[str], expected: Fraction
) -> None:
    """C and D holding all of each other do not stop X's answer when X's walks to the target cannot reach them."""
    edges = edges_of(links + UNBOUNDED_ASIDE)
    assert effective_ownership(edges, "X", ENTITY, avoid=avoid) == expected
    if not avoid:
        assert group_ownership(edges, ["X"], ENTITY) == expected


def test_an_owner_of_nothing_or_of_dead_ends_owns_only_what_reaches_the_target() -> None:
    """A party that holds nothing owns 0; a company that holds nothing adds nothing to its holder's share."""
    edges = edges_of([("X", "A", H), ("X", "D", H), ("A", ENTITY, H)])
    assert effective_ownership(edges, "Nobody", ENTITY) == 0
    assert effective_ownership(edges, "D", ENTITY) == 0
    assert effective_ownership(edges, "X", ENTITY) == Fraction(1, 4)
    assert group_ownership(edges, ["Nobody", "D"], ENTITY) == 0
    assert group_ownership(edges, ["X", "D"], ENTITY) == Fraction(1, 4)


def test_a_negative_share_is_refused_naming_the_link() -> None:
    """A link with a negative share (edges built by hand) is refused with the holder, the share, the held party,
    the field and the fix, whichever function reads it."""
    edges = edges_of([("A", ENTITY, Fraction(-1, 5)), ("B", ENTITY, H)])
    expected = (
        "'A' holds Fraction(-1, 5) of 'Target': a share is never negative",
        "share",
        "give each holding a share such as Fraction(1, 5)",
    )
    for call in (
        lambda: effective_owners(edges, ENTITY),
        lambda: effective_ownership(edges, "A", ENTITY),
        lambda: group_ownership(edges, ["A", "B"], ENTITY),
    ):
        with pytest.raises(InputError) as info:
            call()
        assert (info.value.rule, info.value.field, info.value.fix) == expected


@given(acyclic_graphs())
def test_acyclic_graphs_are_summed_in_whole_numbers_without_the_general_solver(graph: tuple) -> None:
    """Without a cycle every sum is found by the linear pass (whole numbers over a common scale, Kahn's order), none
    by the cross-holding solver (Fractions), and equals the simple-path sum."""
    from dealflow._ownership import _preds_of, _sums_of

    stakes, holdings, _ = graph
    holdings = [h for h in holdings if h.owner != ENTITY]  # links out of the target do not count anyway
    edges = edges_of(_links(stakes, holdings + holdings[:1]))
    sums = _sums_of(_preds_of(edges, edges, ENTITY, frozenset()), ENTITY, returns=True)
    assert not sums.fracs
    g = _graph(stakes, holdings + holdings[:1])
    for node in NODES:
        assert sums.exact(node) == _brute_effective(g, node)


@pytest.mark.parametrize("name", [n for n in FIXED_GRAPHS if n != "a cycle through the owner"])
def test_fixed_acyclic_graphs_are_summed_in_whole_numbers_without_the_general_solver(name: str) -> None:
    """The fixed graphs without a cycle (diamonds, repeated links, uneven chains...) are summed by the linear pass
    alone, every party exactly as brute force says."""
    from dealflow._ownership import _preds_of, _sums_of

    links = FIXED_GRAPHS[name]
    edges = edges_of(links)
    sums = _sums_of(_preds_of(edges, edges, ENTITY, frozenset()), ENTITY, returns=True)
    assert not sums.fracs
    expected = _exact_walk_sums(links)
    for node in {a for a, _, _ in links} - {ENTITY}:
        assert sums.exact(node) == expected.get(node, 0), node
