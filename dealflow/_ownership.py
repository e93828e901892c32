"""Effective (indirect) ownership over holding chains, exactly, in polynomial time.

The definition
--------------
The effective ownership of ``owner`` in ``entity`` is the sum, over every walk of
holdings ``owner -> ... -> entity`` that meets ``owner`` only at its start and
``entity`` only at its end, of the product of the stakes along the walk.
Repeated links between the same two parties add up to one link.

* On an acyclic holding graph these walks are exactly the simple paths, so the
  value is the classic "sum over paths of the product of stakes".  The same holds
  whenever every cycle of holdings passes through ``owner`` or ``entity``.
* A cross-holding among intermediate companies (A holds ``a`` of B and B holds
  ``b`` of A) is looked through: each turn around the cycle multiplies the walk
  by ``a * b`` again, so the cycle contributes the geometric series
  ``1 / (1 - a * b)``.  This is the "integrated ownership" of the economics
  literature (Brioschi, Buzzacchi and Colombo, 1989): what a company holds of
  itself through others is passed on to its other holders, as treasury shares
  are.  A company's direct holding of itself is a one-link cycle and counts the
  same way.
* Walks never come back to ``owner`` or to ``entity``: neither party's stake in
  itself is counted for it.
* Read upwards, the value is a probability: start at ``entity``, step to one of
  its holders with probability equal to that holder's stake (and stop with the
  probability of the shares no one listed holds), and ask whether the walk reaches
  ``owner`` before coming back to ``entity``.  So it is never more than 1 when no
  company's holders hold more than 100% of it, and the owners of a group, each
  counted only on walks that meet no other member of the group (the control test
  counts a chain from the first adversary on it), never hold more than 1 together.

Why not the sum over simple paths on cyclic graphs: it is #P-hard.  With every
stake equal to ``w`` the sum is ``sum_k N_k * w**k`` where ``N_k`` counts the
simple paths of length ``k``; evaluating it at ``n + 1`` values of ``w`` recovers
every ``N_k`` by interpolation, and counting simple paths is #P-complete
(Valiant, 1979).  The walk sum agrees with it wherever the walks are simple paths
(above) and is never smaller than it elsewhere.

How it is computed
------------------
One pass backwards from ``entity`` over the parties that reach it: the strongly
connected components in topological order (Tarjan), a component that is a single
party without a self-holding in O(its links), a cross-holding of ``k`` companies by
exact Gaussian elimination over Fractions in O(k**3).  Linear on acyclic graphs
(chains of 10,000 links, diamonds in series, 10,000 holders).  A cross-holding
whose stakes in one another add up to 100% or more makes the walk sum unbounded;
that is refused with an :class:`~dealflow.InputError`.

The graph view for analysis (networkx) lives in :mod:`dealflow.graph`; this module
is pure Python so that evaluating a rule does not import networkx.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from fractions import Fraction

from ._errors import InputError

__all__ = ["edges_of", "effective_owners", "effective_ownership", "group_ownership"]

Edges = Mapping[str, Mapping[str, Fraction]]  # owner -> owned -> stake
Links = dict[str, list[tuple[str, Fraction]]]  # a party -> (owned, stake) of the links that count

_ZERO = Fraction(0)
_ONE = Fraction(1)


def edges_of(links: Iterable[tuple[str, str, Fraction]]) -> dict[str, dict[str, Fraction]]:
    """Group ``(owner, owned, stake)`` links by owner, adding repeated links."""
    out: dict[str, dict[str, Fraction]] = {}
    for owner, owned, share in links:
        row = out.setdefault(owner, {})
        before = row.get(owned)
        row[owned] = share if before is None else before + share
    return out


def effective_ownership(edges: Edges, owner: str, entity: str, *, avoid: frozenset[str] = frozenset()) -> Fraction:
    """The sum of the product of stakes over walks from ``owner`` to ``entity``
    that meet ``owner`` and ``entity`` only at their ends (see the module's
    definition; on acyclic graphs, the sum over paths).

    Walks never pass through a party of ``avoid`` (the control test counts a chain
    from the first adversary on it, so it avoids the other adversaries)."""
    if owner == entity:
        return _ONE
    sums = _walk_sums(edges, entity, avoid | {owner}, sources=(owner,))
    return sums.exact(owner)


def group_ownership(edges: Edges, owners: Collection[str], entity: str) -> Fraction:
    """What the parties of ``owners`` hold of ``entity`` together: each counted on
    the walks that meet no other member of the group (the first member on a chain
    counts it).  Equal to summing :func:`effective_ownership` with ``avoid`` set to
    the group, in one pass."""
    group = frozenset(owners) - {entity}
    if not group:
        return _ZERO
    sums = _walk_sums(edges, entity, group, sources=group)
    return sum((sums.exact(a) for a in sorted(group)), _ZERO)


def effective_owners(edges: Edges, entity: str, *, at_least: Fraction = _ZERO) -> dict[str, Fraction]:
    """Every party's effective ownership of ``entity`` that is above zero and at
    least ``at_least``, in one pass (only those are made exact Fractions)."""
    sums = _walk_sums(edges, entity, frozenset(), sources=None)
    out = {}
    for node in sorted(sums.parties):
        if node != entity and sums.positive(node) and sums.at_least(node, at_least):
            out[node] = sums.exact(node)
    return out


class _Sums:
    """Walk sums to the entity.  On an acyclic graph each is kept as ``(n, h)``,
    meaning ``n / scale**h`` with ``scale`` the common denominator of the stakes
    (integers only: no gcd per step, so a chain of 10,000 links stays linear in
    the size of its numbers); through a cross-holding, as Fractions, divided by the
    closed walks at the party (the walks that come back to it do not count)."""

    def __init__(self) -> None:
        self.scale = 1
        self.ints: dict[str, tuple[int, int]] = {}
        self.fracs: dict[str, Fraction] = {}
        self.closed: dict[str, Fraction] = {}

    @property
    def parties(self) -> list[str]:
        return [*self.ints, *self.fracs]

    def exact(self, v: str) -> Fraction:
        if v in self.fracs:
            return self.fracs[v] / self.closed.get(v, _ONE)
        n, h = self.ints.get(v, (0, 0))
        return Fraction(n, self.scale**h)

    def positive(self, v: str) -> bool:
        return self.fracs[v] > 0 if v in self.fracs else self.ints.get(v, (0, 0))[0] > 0

    def at_least(self, v: str, level: Fraction) -> bool:
        if v in self.fracs:
            return self.exact(v) >= level
        n, h = self.ints[v]
        if level <= 0 or n <= 0:
            return Fraction(n) >= level
        # n / scale**h against level by bit lengths first; exactly only when close
        estimate = n.bit_length() - h * math.log2(self.scale)
        wanted = math.log2(level.numerator) - math.log2(level.denominator)
        if estimate < wanted - 1:
            return False
        if estimate > wanted + 2:
            return True
        return bool(n * level.denominator >= level.numerator * self.scale**h)


def _walk_sums(edges: Edges, entity: str, blocked: frozenset[str], *, sources: Collection[str] | None) -> _Sums:
    """For every party ``v`` that reaches ``entity`` (from ``sources``, when
    given): the sum over walks ``v -> ... -> entity`` that leave ``entity`` never
    and enter no party of ``blocked``, of the product of stakes."""
    owners: Iterable[str] = edges
    if sources is not None:
        # only what the sources reach matters: walk forward from them first
        ahead = {v for v in sources if v != entity}
        todo = list(ahead)
        while todo:
            for owned, share in edges.get(todo.pop(), {}).items():
                if owned not in ahead and owned != entity and owned not in blocked and share:
                    ahead.add(owned)
                    todo.append(owned)
        owners = ahead
    # the links that count: positive, not out of the entity, not into a blocked party
    preds: dict[str, list[str]] = {}
    out: Links = {}
    for owner in owners:
        if owner == entity:
            continue
        kept = out[owner] = []
        for owned, share in edges.get(owner, {}).items():
            if owned not in blocked and share:
                preds.setdefault(owned, []).append(owner)
                kept.append((owned, share))
    reach = {entity}
    todo = [entity]
    while todo:
        for p in preds.get(todo.pop(), ()):
            if p not in reach:
                reach.add(p)
                todo.append(p)
    links: Links = {entity: []}
    for v in reach:
        if v != entity:
            links[v] = [link for link in out[v] if link[0] in reach]
    sums = _Sums()
    if not _acyclic(links, preds, entity, sums):
        unbounded: set[str] = set()
        for component in _components(sorted(links), links):
            try:
                _solve(component, links, entity, sums, returns=sources is None, unbounded=unbounded)
            except InputError:
                if sources is not None:
                    raise
                # a company that holds all of itself: walks from it must not come back to it,
                # so each is asked alone; nobody else may hold it (it is already all held)
                for v in component:
                    sums.fracs[v] = effective_ownership(edges, v, entity)
                    sums.closed[v] = _ONE
                unbounded.update(component)
    return sums


def _acyclic(links: Links, preds: Mapping[str, list[str]], entity: str, sums: _Sums) -> bool:
    """Fill ``sums.ints`` sinks first (Kahn's order) with integers over a common
    denominator; False (and nothing filled) when the links have a cycle."""
    ratios = {v: [(w, s.as_integer_ratio()) for w, s in row] for v, row in links.items()}
    denominators = {d for row in ratios.values() for _, (_, d) in row}
    scale = math.lcm(*denominators) if denominators else 1
    weights = {v: [(w, n * (scale // d)) for w, (n, d) in row] for v, row in ratios.items()}
    left = {v: len(row) for v, row in weights.items()}
    done: dict[str, tuple[int, int]] = {entity: (1, 0)}
    powers = [1]
    todo = [entity]
    while todo:
        for v in preds.get(todo.pop(), ()):
            count = left.get(v)
            if count is None:  # not among the links that count
                continue
            count -= 1
            left[v] = count
            if count:
                continue
            row = weights[v]
            if len(row) == 1:  # a link of a chain
                w, weight = row[0]
                nw, hw = done[w]
                done[v] = (weight * nw, hw + 1)
            else:
                h = 1 + max(done[w][1] for w, _ in row)
                n = 0
                for w, weight in row:
                    nw, hw = done[w]
                    gap = h - 1 - hw
                    while gap >= len(powers):
                        powers.append(powers[-1] * scale)
                    n += weight * nw * powers[gap]
                done[v] = (n, h)
            todo.append(v)
    if len(done) < len(links):
        return False
    sums.scale, sums.ints = scale, done
    return True


def _components(nodes: list[str], succ: Links) -> list[list[str]]:
    """Strongly connected components (Tarjan, iterative), each after every
    component it links to (sinks first)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter([w for w, _ in succ[root]]))]
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter([x for x, _ in succ[w]])))
                    break
                if w in on_stack and index[w] < low[v]:
                    low[v] = index[w]
            else:
                work.pop()
                if work:
                    u = work[-1][0]
                    low[u] = min(low[u], low[v])
                if low[v] == index[v]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == v:
                            break
                    out.append(component)
    return out


def _solve(component: list[str], links: Links, entity: str, sums: _Sums, *, returns: bool, unbounded: set[str]) -> None:
    """Walk sums through one cross-holding: ``(I - M) x = b`` over its ``k``
    companies, ``M`` their stakes in one another and ``b`` what each reaches
    outside it; exact Gauss-Jordan elimination, with the inverse's diagonal (the
    closed walks) when ``returns``: the walks that come back to their start do not count."""
    members = sorted(component)
    pos = {v: i for i, v in enumerate(members)}
    k = len(members)
    extra = k if returns else 0
    rows: list[list[Fraction]] = []
    for i, v in enumerate(members):
        row = [_ZERO] * (k + 1 + extra)
        row[i] = _ONE
        outside = _ONE if v == entity else _ZERO
        for w, s in links[v]:
            j = pos.get(w)
            if j is None:
                if w in unbounded:
                    raise InputError(
                        f"{v} holds part of {w}, which its cross-holding already holds entirely",
                        field="holdings",
                        fix="lower the stakes so that each company's holders hold at most 100% of it in all",
                    )
                outside += s * sums.fracs[w]
            else:
                row[j] -= s
        row[k] = outside
        if returns:
            row[k + 1 + i] = _ONE
        rows.append(row)
    # I - M is a Z-matrix; its walk series converges exactly when every pivot of
    # elimination without row exchanges is positive (a nonsingular M-matrix)
    for c in range(k):
        pivot = rows[c][c]
        if pivot <= 0:
            names = " -> ".join(members)
            raise InputError(
                f"the cross-holding among {names} holds 100% or more of itself: effective ownership through it "
                "is unbounded",
                field="holdings",
                fix="lower the stakes so that each company's holders hold at most 100% of it in all",
            )
        top = rows[c] = [x / pivot for x in rows[c]]
        for r in range(k):
            factor = rows[r][c]
            if r != c and factor:
                rows[r] = [x - factor * y for x, y in zip(rows[r], top, strict=True)]
    for i, v in enumerate(members):
        sums.fracs[v] = rows[i][k]
        if returns:
            sums.closed[v] = rows[i][k + 1 + i]
