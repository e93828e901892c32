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
One pass backwards from ``entity`` over the parties that reach it, breadth first,
counting each party's links into them; then, on an acyclic graph, Kahn's order
from ``entity`` (a party is summed once its last link is), with whole numbers over
a common denominator: linear (chains of 10,000 links, diamonds in series, 10,000
holders).  When a cycle remains: the strongly connected components in topological
order (Tarjan), a component that is a single party without a self-holding in
O(its links), a cross-holding of ``k`` companies by exact Gaussian elimination
over Fractions in O(k**3).  A cross-holding
whose stakes in one another add up to 100% or more makes the walk sum unbounded;
that is refused with an :class:`~dealflow.InputError`.

The graph view for analysis (networkx) lives in :mod:`dealflow.graph`; this module
is pure Python so that evaluating a rule does not import networkx.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping
from fractions import Fraction

from ._errors import InputError
from ._gc import paused_gc

__all__ = ["edges_of", "effective_owners", "effective_ownership", "group_ownership", "owners_from_preds"]

Edges = Mapping[str, Mapping[str, Fraction]]  # owner -> owned -> stake
Links = dict[str, list[tuple[str, Fraction]]]  # a party -> (owned, stake) of the links that count
Preds = dict[str, list[tuple[str, Fraction]]]  # a party -> (owner, stake) of the links into it that count

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
    with paused_gc():
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
    with paused_gc():
        sums = _walk_sums(edges, entity, group, sources=group)
    return sum((sums.exact(a) for a in sorted(group)), _ZERO)


def effective_owners(edges: Edges, entity: str, *, at_least: Fraction = _ZERO) -> dict[str, Fraction]:
    """Every party's effective ownership of ``entity`` that is above zero and at
    least ``at_least``, in one pass (only those are made exact Fractions)."""
    with paused_gc():
        return owners_from_preds(_preds_of(edges, edges, entity, frozenset()), entity, at_least=at_least)


def owners_from_preds(
    preds: Preds, entity: str, *, at_least: Fraction = _ZERO, largest_first: bool = False
) -> dict[str, Fraction]:
    """:func:`effective_owners` from the holders of each party (``owned -> [(owner,
    stake)]``, positive stakes, none out of ``entity``), sorted by name, or
    largest first (ties by name) when ``largest_first``."""
    with paused_gc():  # a big graph makes many small lists and tuples that live until the end
        sums = _sums_of(preds, entity, returns=True)
        hits = sorted(v for v in sums.hits(at_least) if v != entity)
        if largest_first:
            hits.sort(key=sums.sort_key(hits), reverse=True)  # stable: ties stay in name order
        return {v: sums.exact(v) for v in hits}


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
        self.made: dict[tuple[int, int], Fraction] = {}

    def exact(self, v: str) -> Fraction:
        if v in self.fracs:
            return self.fracs[v] / self.closed.get(v, _ONE)
        pair = self.ints.get(v, (0, 0))
        made = self.made.get(pair)  # equal sums share one (immutable) Fraction: a chain of 100% links
        if made is None:
            n, h = pair
            made = self.made[pair] = Fraction(n, self.scale**h) if h and self.scale != 1 else Fraction(n)
        return made

    def sort_key(self, parties: list[str]) -> Callable[[str], Fraction | int]:
        """A key that orders ``parties`` as their sums (whole numbers on a common
        scale, compared in C, when no cross-holding is among them)."""
        if any(v in self.fracs for v in parties):
            return self.exact
        ints, scale = self.ints, self.scale
        if scale == 1:
            return lambda v: ints[v][0]
        top = max((ints[v][1] for v in parties), default=0)
        return lambda v: ints[v][0] * scale ** (top - ints[v][1])

    def hits(self, level: Fraction) -> list[str]:
        """The parties whose sum is above zero and at least ``level``."""
        out = [v for v, x in self.fracs.items() if x > 0 and self.exact(v) >= level]
        ints = self.ints
        if level <= 0:
            return out + [v for v, (n, _) in ints.items() if n > 0]
        num, den = level.numerator, level.denominator
        scale = self.scale
        if scale == 1:  # whole stakes: the sums are whole numbers
            return out + [v for v, (n, _) in ints.items() if n * den >= num]
        # n / scale**h against level by bit lengths first; exactly only when close
        bits = math.log2(scale)
        wanted = math.log2(num) - math.log2(den)
        for v, (n, h) in ints.items():
            if n <= 0:
                continue
            estimate = n.bit_length() - h * bits
            if estimate < wanted - 1:
                continue
            if estimate > wanted + 2 or n * den >= num * scale**h:
                out.append(v)
        return out


def _preds_of(edges: Edges, owners: Iterable[str], entity: str, blocked: frozenset[str]) -> Preds:
    """The links that count, by the party held: positive, not out of ``entity``,
    not into a party of ``blocked``."""
    preds: Preds = {}
    for owner in owners:
        if owner == entity:
            continue
        for owned, share in edges.get(owner, _EMPTY).items():
            if share and owned not in blocked:
                row = preds.get(owned)
                if row is None:
                    preds[owned] = [(owner, share)]
                else:
                    row.append((owner, share))
    return preds


_EMPTY: Mapping[str, Fraction] = {}


def _walk_sums(edges: Edges, entity: str, blocked: frozenset[str], *, sources: Collection[str]) -> _Sums:
    """For every party ``v`` that reaches ``entity`` from ``sources``: the sum
    over walks ``v -> ... -> entity`` that leave ``entity`` never and enter no
    party of ``blocked``, of the product of stakes."""
    # only what the sources reach matters: walk forward from them first
    ahead = {v for v in sources if v != entity}
    todo = list(ahead)
    while todo:
        for owned, share in edges.get(todo.pop(), _EMPTY).items():
            if owned not in ahead and owned != entity and owned not in blocked and share:
                ahead.add(owned)
                todo.append(owned)
    return _sums_of(_preds_of(edges, ahead, entity, blocked), entity, returns=False)


def _sums_of(preds: Preds, entity: str, *, returns: bool) -> _Sums:
    """The walk sums of every party that reaches ``entity`` through ``preds``."""
    # the parties that reach the entity (breadth first), with their links into them
    left: dict[str, int] = {}
    order = [entity]
    denominators: set[int] = set()
    for w in order:  # grows while read
        for p, share in preds.get(w, ()):
            count = left.get(p)
            if count is None:
                left[p] = 1
                order.append(p)
            else:
                left[p] = count + 1
            if share.numerator < 0:  # a whole number: cheap on every link
                raise InputError(
                    f"{p!r} holds {share!r} of {w!r}: a share is never negative",
                    field="share",
                    fix="give each holding a share such as Fraction(1, 5)",
                )
            denominators.add(share.denominator)
    sums = _Sums()
    if not _acyclic(preds, left, entity, denominators, sums):
        links: Links = {v: [] for v in order}
        for w in order:
            for p, share in preds.get(w, ()):
                links[p].append((w, share))
        unbounded: set[str] = set()
        for component in _components(sorted(links), links):
            try:
                _solve(component, links, entity, sums, returns=returns, unbounded=unbounded)
            except (InputError, _HeldEntirely):
                if not returns:
                    raise
                # a company that holds all of itself: walks from it must not come back to it,
                # so each is asked alone; nobody else may hold it (it is already all held)
                whole = _edges_of_links(links)
                for v in component:
                    sums.fracs[v] = effective_ownership(whole, v, entity)
                    sums.closed[v] = _ONE
                unbounded.update(component)
    return sums


class _HeldEntirely(Exception):
    """A company of a cross-holding holds part of a company its own cross-holding
    already holds entirely: the walk sums through it are asked party by party."""


def _edges_of_links(links: Links) -> dict[str, dict[str, Fraction]]:
    return {v: dict(row) for v, row in links.items()}


def _acyclic(preds: Preds, left: dict[str, int], entity: str, denominators: set[int], sums: _Sums) -> bool:
    """Fill ``sums.ints`` sinks first (Kahn's order) with integers over a common
    denominator; False (and nothing filled) when the links have a cycle."""
    scale = math.lcm(*denominators) if denominators else 1
    done: dict[str, tuple[int, int]] = {entity: (1, 0)}
    parts: dict[str, list[tuple[int, int]]] = {}
    powers = [1]
    todo = [entity]
    pop, push = todo.pop, todo.append
    while todo:
        w = pop()
        nw, hw = done[w]
        for v, share in preds.get(w, ()):
            count = left[v] - 1
            left[v] = count
            n = share.numerator * nw if scale == 1 else share.numerator * (scale // share.denominator) * nw
            if count == 0 and v not in parts:  # its only link: a link of a chain
                done[v] = (n, hw + 1)
                push(v)
                continue
            row = parts.get(v)
            if row is None:
                parts[v] = [(n, hw)]
                continue
            row.append((n, hw))
            if count:
                continue
            h = 1 + max(x[1] for x in row)
            total = 0
            for n, hv in row:
                gap = h - 1 - hv
                while gap >= len(powers):
                    powers.append(powers[-1] * scale)
                total += n * powers[gap]
            done[v] = (total, h)
            del parts[v]
            push(v)
    if len(done) <= len(left):
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
                if w in unbounded:  # (only when ``returns``): _sums_of works this component out party by party
                    raise _HeldEntirely
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
