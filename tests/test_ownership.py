"""Tests of dealflow/_ownership.py and the 20% control test (adversary_share in _rules).

Effective ownership is checked against an independent brute force: networkx's
enumeration of simple paths, multiplying stakes along each path, on random
ownership graphs with cross-holdings, cycles and self-holdings.
"""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from itertools import pairwise
from math import prod

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from dealflow import ForeignAdversaryControl, Holding, Outcome, Party, RuleContext, Stake, Terms
from dealflow._ownership import edges_of, effective_owners, effective_ownership
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


@given(graphs())
def test_effective_ownership_matches_the_sum_over_simple_paths(graph: tuple) -> None:
    """effective_ownership agrees with networkx's simple paths, cycles included."""
    stakes, holdings, _ = graph
    edges = edges_of(_links(stakes, holdings))
    g = _graph(stakes, holdings)
    for node in NODES:
        assert effective_ownership(edges, node, ENTITY) == _brute_effective(g, node)


@given(graphs())
def test_effective_owners_lists_every_positive_owner(graph: tuple) -> None:
    """effective_owners maps each company with a positive effective stake to it, and no other."""
    stakes, holdings, _ = graph
    g = _graph(stakes, holdings)
    expected = {n: _brute_effective(g, n) for n in NODES if _brute_effective(g, n) > 0}
    assert effective_owners(edges_of(_links(stakes, holdings)), ENTITY) == expected


def test_an_owner_owns_itself_entirely() -> None:
    """The entity's effective ownership of itself is 1."""
    assert effective_ownership({}, ENTITY, ENTITY) == 1


def test_a_cross_holding_counts_each_path_once() -> None:
    """A owns half of B and B half of A: A's stake in Target through B counts once."""
    edges = edges_of([("A", "B", Fraction(1, 2)), ("B", "A", Fraction(1, 2)), ("B", ENTITY, Fraction(1, 2))])
    assert effective_ownership(edges, "A", ENTITY) == Fraction(1, 4)


@given(graphs(), st.sampled_from([Fraction(1, 5), Fraction(1, 10), Fraction(1, 2), Fraction(1)]))
def test_the_control_test_agrees_with_brute_force(graph: tuple, threshold: Fraction) -> None:
    """adversary_share and the 20% control test agree with a brute-force sum over chains."""
    stakes, holdings, jurisdictions = graph
    terms = Terms("joint_venture", ENTITY, stakes, holdings=holdings)
    ctx = RuleContext(_dt.date(2025, 1, 1), {n: Party(n, "investor", j) for n, j in jurisdictions.items()})
    hostile = {n for n, j in jurisdictions.items() if j == "CN"}
    brute = _brute_adversary(_graph(stakes, holdings), hostile)
    assert adversary_share(terms, ctx, frozenset({"CN"})) == brute
    outcome = ForeignAdversaryControl(threshold=threshold).evaluate(terms, ctx).outcome
    assert outcome is (Outcome.BLOCK if brute >= threshold else Outcome.APPROVE)


@given(graphs())
def test_the_adversary_share_never_exceeds_one(graph: tuple) -> None:
    """Adversaries never hold more than all of the entity, however tangled the chains."""
    stakes, holdings, jurisdictions = graph
    terms = Terms("joint_venture", ENTITY, stakes, holdings=holdings)
    ctx = RuleContext(_dt.date(2025, 1, 1), {n: Party(n, "investor", j) for n, j in jurisdictions.items()})
    assert 0 <= adversary_share(terms, ctx, frozenset({"CN", "RU"})) <= 1
