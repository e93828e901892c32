"""Tests of dealflow.graph: exploring processes, the questions they answer, test
generation, and ownership and control."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from functools import cache

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealflow import Deal, Holding, InputError, Terms, replay
from dealflow import graph as g
from dealflow._ownership import effective_ownership as pure_effective_ownership

from .helpers import JV, SALE, opened


@cache
def small() -> g.Process:
    """One bidder, two regulators (Beijing not required at first), no mandate."""
    return g.explore(["Oracle"], ["Washington", "Beijing"], required=["Washington"])


@cache
def with_mandate() -> g.Process:
    """One bidder, one required regulator, one mandate."""
    return g.explore(["Oracle"], ["Washington"], mandates=["order"])


# ----------------------------------------------------------------- exploring


def test_explore_initial_configuration_and_finals() -> None:
    """The initial configuration has nothing submitted; every final configuration is closed, terminated or abandoned."""
    p = small()
    assert p.initial == g.Configuration(
        "open", ("absent",), ("pending", "not_required"), (), (False, False), (), False, False
    )
    nodes, edges = p.size
    assert nodes == p.graph.number_of_nodes() > 1
    assert edges == p.graph.number_of_edges()
    finals = p.finals()
    assert finals
    assert {c.deal for c in finals} == {"closed", "terminated", "abandoned"}
    for c in finals:
        assert p.graph.out_degree(c) == 0
    assert set(p.finals("closed")) < set(finals)


def test_every_configuration_is_reachable_and_has_no_self_loop() -> None:
    """Exploration reaches every node from the initial configuration and records no step that changes nothing."""
    p = small()
    assert set(nx.descendants(p.graph, p.initial)) | {p.initial} == set(p.graph)
    assert nx.number_of_selfloops(p.graph) == 0


def test_closed_only_when_approvals_hold() -> None:
    """Invariant 1 in the abstraction: every step into closed comes from a configuration whose approvals hold,
    and signing from agreed terms, approved or not."""
    p = small()
    unapproved_signings = 0
    for a, b, data in p.graph.edges(data=True):
        if data["step"].kind == "deal_signed":
            assert a.has_terms and a.deal == "agreed"
            unapproved_signings += not a.approvals_hold
        if data["step"].kind == "deal_closed":
            assert a.approvals_hold
            assert all(s in ("not_required", "approved", "conditionally_approved") for s in a.gates)
        if b.deal == "closed":
            assert a.deal == "signed"
    assert unapproved_signings > 0


def test_terms_change_withdraws_decisions() -> None:
    """Invariant 2 in the abstraction: proposing terms resets every decided or reviewing gate to pending."""
    p = small()
    seen = 0
    for a, b, data in p.graph.edges(data=True):
        if data["step"].kind in ("terms_proposed", "bid_accepted"):
            for before, after in zip(a.gates, b.gates, strict=True):
                expected = (
                    "pending" if before in ("under_review", "approved", "conditionally_approved", "blocked") else before
                )
                assert after == expected
                seen += before == "approved"
    assert seen > 0


def test_can_close_without_beijing_depends_on_its_gate() -> None:
    """Beijing's approval is avoidable when its gate is not required, and unavoidable when required and not waived."""
    not_required = small()
    path = not_required.closes_without("Beijing", allow_waiver=False)
    assert path is not None
    assert g.Step("approved", "Beijing") not in path
    assert path[-1] == g.Step("deal_closed")
    required = g.explore(["Oracle"], ["Washington", "Beijing"])
    assert required.closes_without("Beijing", allow_waiver=False) is None
    waived = required.closes_without("Beijing")
    assert waived is not None
    assert g.Step("gate_waived", "Beijing") in waived


def test_can_block_names_veto_holders() -> None:
    """A required regulator can block; one whose gate is not required cannot."""
    assert small().can_block() == ["Washington"]
    assert g.explore(["Oracle"], ["Washington", "Beijing"]).can_block() == ["Washington", "Beijing"]


def test_necessary_events_agree_with_removal() -> None:
    """A step is necessary exactly when no path to closed avoids it."""
    p = small()
    necessary = set(p.necessary_events())
    assert {g.Step("deal_signed"), g.Step("deal_closed")} <= necessary
    steps = {data["step"] for _a, _b, data in p.graph.edges(data=True)}
    for step in steps:
        assert (p.shortest_path(avoiding={step}) is None) == (step in necessary)


def test_dominators_start_at_initial_and_lie_on_every_path() -> None:
    """Dominators begin with the initial configuration and appear on the shortest path to closed."""
    p = small()
    doms = p.dominators()
    assert doms[0] == p.initial
    path = p.shortest_path()
    assert path is not None
    on_path = [p.initial]
    for step in path:
        on_path.append(next(b for b, d in p.graph.succ[on_path[-1]].items() if d["step"] == step))
    assert set(doms) <= set(on_path)
    assert p.dominators(lambda c: False) == []


def test_shortest_path_is_shortest() -> None:
    """The shortest path to closed has the length networkx finds to the nearest closed configuration."""
    p = small()
    path = p.shortest_path()
    assert path is not None
    lengths = nx.single_source_shortest_path_length(p.graph, p.initial)
    assert len(path) == min(lengths[c] for c in p.finals("closed"))


def test_mandate_satisfied_by_closing_on_qualified_terms() -> None:
    """Closing satisfies a mandate in force only when the terms were determined a qualified divestiture."""
    p = with_mandate()
    for a, b, data in p.graph.edges(data=True):
        if data["step"].kind == "deal_closed":
            expected = (
                "satisfied"
                if a.qualified[0] and a.mandates[0] not in ("absent", "revoked", "satisfied")
                else a.mandates[0]
            )
            assert b.mandates[0] == expected
    assert any(c.mandates == ("satisfied",) for c in p.finals("closed"))


def test_explore_refuses_bad_input() -> None:
    """Names listed twice, unknown required regulators, a clash with the seller and too many configurations are InputErrors."""
    with pytest.raises(InputError, match="twice"):
        g.explore(["A", "A"], ["R"])
    with pytest.raises(InputError, match="not among the regulators"):
        g.explore(["A"], ["R"], required=["S"])
    with pytest.raises(InputError, match="named twice"):
        g.explore(["Seller"], ["R"])
    with pytest.raises(InputError, match="more than 10 configurations"):
        g.explore(["A"], ["R"], max_configurations=10)
    with pytest.raises(InputError, match="no regulator"):
        small().closes_without("Paris")
    with pytest.raises(InputError, match="not a deal state"):
        small().shortest_path("sold")


# ------------------------------------------------------------ real deals


def test_explore_deal_from_now_reaches_closed_with_real_events() -> None:
    """From a real deal mid-way, the shortest path to closed becomes events the deal accepts."""
    deal = opened()
    deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-03")
    deal.restructure(JV, on="2020-08-10")
    p = g.explore_deal(deal)
    assert p.initial == g.configuration_of(deal, p)
    path = p.shortest_path()
    assert path is not None
    events = p.events(path)
    assert events[0].date > deal.clock  # type: ignore[operator]
    deal.extend(events)
    assert deal.state == "closed"
    assert p.can_block(deal) == []


def test_explore_deal_path_of_history_follows_edges() -> None:
    """Explored from its opening, a deal's history is a path of the process graph."""
    deal = opened(regulators=("Washington",))
    deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-03")
    deal.accept_bid("msft", on="2020-08-04")
    deal.approve("Washington", on="2020-08-05")
    deal.require_gate("Beijing", on="2020-08-06")
    p = g.explore_deal(deal, from_start=True)
    path = p.path_of(deal)
    assert path[0] == p.initial
    assert path[-1] == g.configuration_of(deal, p)
    for a, b in itertools.pairwise(path):
        assert p.graph.has_edge(a, b)
    assert p.can_block(deal) == ["Beijing"]


def test_configuration_of_refuses_foreign_deal() -> None:
    """A deal with bids the process does not know is refused, naming them."""
    deal = opened()
    deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-03")
    with pytest.raises(InputError, match="msft"):
        g.configuration_of(deal, small())
    with pytest.raises(InputError, match="not open"):
        g.explore_deal(Deal())


# ------------------------------------------------------------ test generation


def check_case(p: g.Process, case: g.TestCase) -> None:
    deal = replay(case.events)
    assert g.configuration_of(deal, p) == case.target
    dates = [e.date for e in case.events[1:]]
    assert all(a < b for a, b in itertools.pairwise(dates))


def test_shortest_path_test_cases_replay_to_their_configuration() -> None:
    """Every configuration's shortest path becomes events that replay without refusal to that configuration."""
    p = small()
    cases = p.test_cases()
    assert len(cases) == p.graph.number_of_nodes()
    for case in cases:
        check_case(p, case)


def test_simple_path_test_cases_replay_with_a_mandate() -> None:
    """Simple paths up to 5 steps, mandates included, replay to the configuration they claim."""
    p = with_mandate()
    cases = p.test_cases(max_steps=5, limit=3000)
    assert len(cases) == 3000
    assert {s.kind for c in cases for s in c.steps} >= {"mandate_issued", "enjoined", "conditionally_approved"}
    for case in cases:
        assert 1 <= len(case.steps) <= 5
        check_case(p, case)


def test_simple_paths_visit_no_configuration_twice() -> None:
    """simple_paths yields each bounded simple path once, with no configuration repeated."""
    p = g.explore(["A"], ["R"])
    found = list(p.simple_paths(3))
    assert len({tuple(s) for s, _end in found}) == len(found)
    expected = sum(
        1 for n in p.graph for path in nx.all_simple_paths(p.graph, p.initial, n, cutoff=3) if n != p.initial
    )
    assert len(found) == expected
    with pytest.raises(InputError):
        next(p.simple_paths(-1))


# ------------------------------------------------ graph questions, brute force

graphs = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.sampled_from("abc")), max_size=14)


def as_graph(edges: list[tuple[int, int, str]]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_node(0)
    for a, b, label in edges:
        if a != b:
            graph.add_edge(a, b, step=label)
    return graph


@given(graphs, st.sets(st.integers(1, 5), min_size=1))
def test_must_pass_and_must_use_agree_with_brute_force(edges: list[tuple[int, int, str]], targets: set[int]) -> None:
    """Dominators and necessary labels equal the intersection over every simple path to a target."""
    graph = as_graph(edges)
    targets = {t for t in targets if t in graph}
    paths = [p for t in targets for p in nx.all_simple_paths(graph, 0, t)]
    if not paths:
        assert g.must_pass(graph, 0, targets) == []
        assert g.must_use(graph, 0, targets) == set()
        return
    common_nodes = set.intersection(*(set(p) for p in paths))
    common_labels = set.intersection(*({graph.edges[a, b]["step"] for a, b in itertools.pairwise(p)} for p in paths))
    assert set(g.must_pass(graph, 0, targets)) == common_nodes
    assert g.must_use(graph, 0, targets) == common_labels


# ------------------------------------------------------------- ownership


def test_ownership_graph_from_cap_table_and_holdings() -> None:
    """Cap table stakes and holdings become exact edges; a chain multiplies."""
    terms = JV.with_(holdings=[Holding("Susquehanna", "ByteDance", "1/5")])
    graph = g.ownership_graph(terms)
    assert graph.edges["ByteDance", "TikTok Global"]["share"] == Fraction(199, 1000)
    assert g.effective_ownership(graph, "Susquehanna", "TikTok Global") == Fraction(1, 5) * Fraction(199, 1000)
    assert g.effective_ownership(graph, "Oracle", "TikTok Global") == Fraction(15, 100)
    assert g.controllers(graph, "TikTok Global", "15%") == {"ByteDance": Fraction(199, 1000), "Oracle": Fraction(3, 20)}
    assert g.controllers(graph, "TikTok Global", "1/2") == {}


def test_controllers_on_a_long_chain_is_exact() -> None:
    """A chain of 3,000 wholly owned links: everyone on it controls the end, exactly."""
    graph = nx.DiGraph()
    for i in range(3000):
        graph.add_edge(f"c{i}", f"c{i + 1}", share=Fraction(1))
    found = g.controllers(graph, "c3000", "1/2")
    assert len(found) == 3000
    assert set(found.values()) == {Fraction(1)}


def test_cross_holdings_are_found_and_explained() -> None:
    """A cycle of holdings is reported with its stakes; walks never come back to the owner."""
    terms = Terms(
        "joint_venture",
        "JV",
        {"A": "1/2"},
        holdings=[Holding("A", "B", "1/2"), Holding("B", "A", "1/4")],
    )
    graph = g.ownership_graph(terms)
    (holding,) = g.cross_holdings(graph)
    assert set(holding.cycle) == {"A", "B"}
    assert "geometric series" in holding.explanation
    # B owns A directly, and JV through A: 1/4 * 1/2; the cycle back to B is not walked
    assert g.effective_ownership(graph, "B", "JV") == Fraction(1, 8)
    assert g.cross_holdings(g.ownership_graph(SALE)) == []


def test_ownership_refuses_unknown_names_and_bad_thresholds() -> None:
    """Unknown parties, thresholds outside (0, 1] and non-terms are InputErrors."""
    graph = g.ownership_graph(JV)
    with pytest.raises(InputError):
        g.effective_ownership(graph, "Nobody", "TikTok Global")
    with pytest.raises(InputError):
        g.controllers(graph, "TikTok Global", "150%")
    with pytest.raises(InputError):
        g.controllers(graph, "Atlantis")
    with pytest.raises(InputError):
        g.ownership_graph(["not terms"])  # type: ignore[list-item]


stakes = st.fractions(min_value=Fraction(1, 10), max_value=1, max_denominator=10)


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), stakes), max_size=9))
def test_effective_ownership_agrees_with_brute_force(links: list[tuple[int, int, Fraction]]) -> None:
    """Where every cycle passes through the owner or the entity, effective ownership is the sum over networkx's simple paths."""
    graph = nx.DiGraph()
    for a, b, share in links:
        if a != b:
            graph.add_edge(f"n{a}", f"n{b}", share=share)
    for owner, entity in itertools.permutations(list(graph), 2):
        if not nx.is_directed_acyclic_graph(graph.subgraph(set(graph) - {owner, entity})):
            continue  # walks may turn around a cross-holding there (tests/test_ownership.py checks those)
        brute = sum(
            (
                math.prod((graph.edges[x, y]["share"] for x, y in itertools.pairwise(path)), start=Fraction(1))
                for path in nx.all_simple_paths(graph, owner, entity)
            ),
            Fraction(0),
        )
        assert g.effective_ownership(graph, owner, entity) == brute
        edges = {o: {d: data["share"] for d, data in row.items()} for o, row in graph.succ.items()}
        assert pure_effective_ownership(edges, owner, entity) == brute


@pytest.mark.parametrize("share", [Fraction(-1, 5), -1, -0.1, 0.25, "1/5", None, True])
def test_a_share_outside_zero_to_one_on_a_built_graph_is_refused(share: object) -> None:
    """An edge share that is negative or not an exact number is refused, naming the edge, by both questions."""

    graph = nx.DiGraph()
    graph.add_edge("Fund", "HoldCo", share=share)
    graph.add_edge("HoldCo", "Target", share=Fraction(1, 2))
    for ask in (lambda: g.controllers(graph, "Target", "20%"), lambda: g.effective_ownership(graph, "Fund", "Target")):
        with pytest.raises(InputError) as err:
            ask()
        assert err.value.field == "share"
        assert "'Fund' holds" in err.value.rule and "of 'HoldCo'" in err.value.rule


def test_shares_of_zero_and_one_and_plain_numbers_are_read() -> None:
    """Zero (no holding), one and fractions within 0..1 are read on a built graph."""

    graph = nx.DiGraph()
    graph.add_edge("Fund", "HoldCo", share=1)
    graph.add_edge("Other", "HoldCo", share=0)
    graph.add_edge("HoldCo", "Target", share=Fraction(1, 2))
    graph.add_edge("Angel", "Target", share=Fraction(1, 4))
    assert g.controllers(graph, "Target", "20%") == {
        "HoldCo": Fraction(1, 2),
        "Fund": Fraction(1, 2),
        "Angel": Fraction(1, 4),
    }
    assert g.effective_ownership(graph, "Fund", "Target") == Fraction(1, 2)
