"""Tests of dealflow._diagram: mermaid through transitions' engine and DOT, with paths highlighted."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from dealflow import MACHINES, Deal, InputError, MachineSpec
from dealflow import graph as g
from dealflow._diagram import deal_diagram, graph_diagram, machine_diagram, taken_by

from .helpers import SALE, agreed_jv, opened


def mermaid_class(text: str, state: str) -> str:
    found = re.search(rf"Class {state} s_(\w+)", text)
    assert found, state
    return found.group(1)


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_machine_diagrams_show_every_state_and_transition(name: str) -> None:
    """Each built-in machine's mermaid and DOT diagrams name every state and every trigger."""
    spec = MACHINES[name]
    mermaid = machine_diagram(name)
    dot = machine_diagram(spec, fmt="dot")
    assert mermaid.startswith(f'---\ntitle: "{name}"\n---\nstateDiagram-v2')
    assert f"[*] --> {spec.initial}" in mermaid
    assert dot.startswith(f'digraph "{name}" {{') and dot.rstrip().endswith("}")
    for state in spec.states:
        assert f'state "{state}" as {state}' in mermaid
        assert f'"{state}" [label="{state}"' in dot
    for final in spec.finals:
        assert f"{final} --> [*]" in mermaid
    for trigger, source, dest in spec.transitions:
        assert re.search(rf"^  {source} --> {dest}: .*\b{trigger}\b", mermaid, re.M), (trigger, source, dest)
        assert f'"{source}" -> "{dest}" [label="{trigger}' in dot


def test_machine_diagram_highlights_what_it_is_given() -> None:
    """Visited states get the previous style, the current one active, taken transitions a mark."""
    text = machine_diagram("bid", visited={"submitted"}, taken={("revise", "submitted", "revised")}, current="revised")
    assert mermaid_class(text, "submitted") == "previous"
    assert mermaid_class(text, "revised") == "active"
    assert mermaid_class(text, "rejected") == "default"
    assert "submitted --> revised: revise (taken)" in text
    dot = machine_diagram("bid", fmt="dot", taken={("revise", "submitted", "revised")})
    assert '"submitted" -> "revised" [label="revise", color=blue' in dot
    assert '"submitted" -> "rejected" [label="reject"];' in dot


def test_guards_are_shown() -> None:
    """The sign and close guards appear on their transitions in both formats."""
    assert "agreed --> signed: sign [terms_agreed]" in machine_diagram("deal")
    assert "signed --> closed: close [approvals_hold]" in machine_diagram("deal")
    assert 'label="close [approvals_hold]"' in machine_diagram("deal", fmt="dot")


def test_user_machine_with_unsafe_state_names() -> None:
    """States whose names are not identifiers get safe mermaid ids and keep their names as labels."""
    spec = MachineSpec("odd", ("to do", "done!"), "to do", frozenset({"done!"}), (("finish", "to do", "done!"),))
    text = machine_diagram(spec)
    assert 'state "to do" as s0' in text
    assert "s0 --> s1: finish" in text
    assert '"to do" -> "done!"' in machine_diagram(spec, fmt="dot")


def test_deal_diagram_highlights_the_history_path() -> None:
    """A deal's diagram has a block per machine instance, its visited states, current states and taken transitions marked."""
    deal = agreed_jv()
    text = deal_diagram(deal)
    blocks = text.split("```mermaid\n")[1:]
    titles = [re.search(r'title: "(.*)"', b).group(1) for b in blocks]  # type: ignore[union-attr]
    assert titles == ["TikTok US: deal", "TikTok US: gate Washington", "TikTok US: gate Beijing", "TikTok US: bid msft"]
    deal_block = blocks[0]
    assert mermaid_class(deal_block, "open") == "previous"
    assert mermaid_class(deal_block, "negotiating") == "previous"
    assert mermaid_class(deal_block, "agreed") == "active"
    assert mermaid_class(deal_block, "signed") == "default"
    assert "open --> negotiating: bid (taken) | propose" in deal_block
    assert "negotiating --> agreed: agree (taken)" in deal_block
    beijing = blocks[2]
    assert "[*] --> not_required" in beijing  # the gate started not required
    assert mermaid_class(beijing, "not_required") == "active"


def test_deal_diagram_dot_has_a_cluster_per_machine() -> None:
    """The DOT form is one digraph with a cluster per machine instance and the taken edges drawn blue."""
    deal = opened()
    deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-03")
    deal.reject_bid("msft", on="2020-08-04")
    dot = deal_diagram(deal, fmt="dot")
    assert dot.count("subgraph ") == 4
    assert 'label="bid msft";' in dot
    assert '"3:submitted" -> "3:rejected" [label="reject", color=blue' in dot
    # a rejected offer may come back in a new round: rejected is not final
    assert '"3:rejected" [label="rejected", color=red' in dot
    assert dot.count("{") == dot.count("}")


def test_deal_diagram_of_an_unopened_deal() -> None:
    """A deal not yet open draws the deal machine with nothing highlighted."""
    text = deal_diagram(Deal())
    assert text.count("```mermaid") == 1
    assert "s_previous\n" not in text.split("stateDiagram-v2")[1].replace("classDef s_previous", "")


def test_taken_by_uses_the_event_kind() -> None:
    """Between two states joined by several triggers, the event's kind picks the one taken."""
    deal = MACHINES["deal"]
    assert taken_by(deal, "open", "negotiating", "terms_proposed") == [("propose", "open", "negotiating")]
    assert taken_by(deal, "open", "negotiating", "bid_submitted") == [("bid", "open", "negotiating")]
    assert len(taken_by(deal, "open", "negotiating", None)) == 2
    assert taken_by(deal, "open", "closed", None) == []


def test_bad_format_and_machine_name_are_refused() -> None:
    """An unknown format or machine name raises an InputError naming the choices."""
    with pytest.raises(InputError, match="mermaid, dot"):
        deal_diagram(Deal(), fmt="svg")
    with pytest.raises(InputError, match="deal, bid, gate, mandate"):
        machine_diagram("auction")


def test_process_diagram_highlights_a_deal_path() -> None:
    """An explored process draws every configuration, with the deal's path marked."""
    deal = opened(regulators=("Washington",))
    deal.submit_bid("msft", ["Microsoft"], SALE, on="2020-08-03")
    deal.accept_bid("msft", on="2020-08-04")
    p = g.explore_deal(deal, from_start=True)
    text = p.diagram(deal=deal)
    assert text.count('state "') == p.graph.number_of_nodes()
    assert text.count("(taken)") == 2
    assert "bid_accepted msft (taken)" in text
    dot = p.diagram(fmt="dot")
    assert dot.count(" -> ") == p.graph.number_of_edges() + 1  # and the start arrow


def test_graph_diagram_of_a_known_graph() -> None:
    """graph_diagram draws any labelled graph: ids for nodes, labels shown."""
    text = graph_diagram("tiny", {"x": "start", "y": "end"}, "x", ["y"], [("go", "x", "y")], current="y")
    assert 'state "start" as c0' in text
    assert "c0 --> c1: go" in text
    assert "c1 --> [*]" in text
    assert mermaid_class(text, "c1") == "active"


def test_import_dealflow_loads_no_diagram_or_networkx() -> None:
    """import dealflow stays light: neither this module, dealflow.graph nor networkx is imported."""
    code = "import sys, dealflow; print(sorted(m for m in ('networkx', 'dealflow._diagram', 'dealflow.graph', 'transitions.extensions.diagrams') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
