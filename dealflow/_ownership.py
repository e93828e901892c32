"""Effective (indirect) ownership over holding chains, exactly.

Effective ownership of ``owner`` in ``entity`` is the sum, over every simple path
of holdings from ``owner`` to ``entity``, of the product of the stakes along it.
A cross-holding (a cycle) is walked at most once per path, so a company's stake in
itself never counts; this is the reading the 20% control test uses.  The graph
view for analysis (networkx) lives in :mod:`dealflow.graph`; this module is pure
Python so that evaluating a rule does not import networkx.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

__all__ = ["edges_of", "effective_owners", "effective_ownership"]

Edges = Mapping[str, Mapping[str, Fraction]]  # owner -> owned -> stake


def edges_of(links: Iterable[tuple[str, str, Fraction]]) -> dict[str, dict[str, Fraction]]:
    """Group ``(owner, owned, stake)`` links by owner, adding repeated links."""
    out: dict[str, dict[str, Fraction]] = {}
    for owner, owned, share in links:
        row = out.setdefault(owner, {})
        row[owned] = row.get(owned, Fraction(0)) + share
    return out


def effective_ownership(edges: Edges, owner: str, entity: str, *, avoid: frozenset[str] = frozenset()) -> Fraction:
    """Sum over simple paths from ``owner`` to ``entity`` of the product of stakes.

    Paths never pass through a node of ``avoid`` (the control test counts a chain
    from the first adversary on it, so it avoids the other adversaries)."""
    if owner == entity:
        return Fraction(1)
    total = Fraction(0)
    # iterative DFS over simple paths; graphs here are small (cap tables and chains)
    stack: list[tuple[str, Fraction, frozenset[str]]] = [(owner, Fraction(1), avoid | {owner})]
    while stack:
        node, product, seen = stack.pop()
        for nxt, share in edges.get(node, {}).items():
            if nxt == entity:
                total += product * share
            elif nxt not in seen:
                stack.append((nxt, product * share, seen | {nxt}))
    return total


def effective_owners(edges: Edges, entity: str) -> dict[str, Fraction]:
    """Every party's effective ownership of ``entity`` (those above zero)."""
    out = {}
    for node in sorted(edges):
        if node == entity:
            continue
        share = effective_ownership(edges, node, entity)
        if share:
            out[node] = share
    return out
