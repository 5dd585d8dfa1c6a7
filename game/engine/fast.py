"""The month's resolution without explanations: the same rules as ``state._Month``, on precompiled tables.

``play_turn(..., explain=False)`` (the simulator's games that look ahead, the replays) resolves thousands of
months a second here. Nothing is explained, so no ``Cause`` or event is built, every item is found by index
instead of by id, effects whose value is a number are applied without calling a closure, and the frozen
state is built once at the month's end. Every number is computed with exactly the same floating-point
operations in the same order as the explained path, so both give identical states (pinned by
tests/engine/test_fastpath.py); a rule changed in one place must be changed in the other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from game.engine.data import RESOURCE_MAX, VALUE_MAX, VALUE_MIN, Scenario, per_scenario
from game.engine.expr import COUNTRY_VARS, GLOBAL_VARS, Effect, Env, Expr, fsum_left
from game.engine.rng import GAMMA, MIX1, MIX2, Stream, stream_key
from game.engine.state import DrawnCard, GameState, TurnRecord, _ending

Fn = Callable[[Env], float]
_MASK = (1 << 64) - 1
_UNIT = 1.0 / (1 << 53)
#: A compiled effect: (global?, target country or -1 for the current one, value index, sets?, negate?,
#: constant amount or None, closure).
_Eff = tuple[bool, int, int, bool, bool, "float | None", Fn]
#: A card that can be drawn at a post: (card index, card id, condition, constant weight or None, weight).
_PoolCard = tuple[int, str, "Fn | None", "float | None", Fn]


def _effects(effects: Sequence[Effect]) -> tuple[_Eff, ...]:
    out: list[_Eff] = []
    for eff in effects:
        sets = eff.op == "="
        neg = eff.op == "-="
        const = eff.value.const
        if const is not None and neg:
            const, neg = -const, False  # base - c * s == base + (-c) * s exactly
        if eff.is_global:
            out.append((True, -1, GLOBAL_VARS.index(eff.var), sets, neg, const, eff.value.fn))
        else:
            target = -1 if eff.country is None else eff.country
            out.append((False, target, COUNTRY_VARS.index(eff.var), sets, neg, const, eff.value.fn))
    return tuple(out)


def _simple(effs: tuple[_Eff, ...]) -> tuple[tuple[int, float], ...] | None:
    """(value index, number) per effect when every effect adds a number to a value of the current post."""
    if not effs or any(g or t >= 0 or sets or c is None for g, t, _, sets, _, c, _ in effs):
        return None
    return tuple((idx, c) for _, _, idx, _, _, c, _ in effs if c is not None)


def _one(effs: tuple[_Eff, ...]) -> tuple[int, bool, float | None, Fn] | None:
    """(value index, negate?, number or None, closure) when there is one effect, adding to a value of the
    current post."""
    if len(effs) != 1:
        return None
    is_global, target, idx, sets, neg, const, fn = effs[0]
    return None if is_global or target >= 0 or sets else (idx, neg, const, fn)


def _cond(expr: Expr | None) -> Fn | None:
    return None if expr is None else expr.fn


class Tables:
    """One scenario compiled for the fast path (built once per scenario, see ``tables``)."""

    def __init__(self, sc: Scenario) -> None:
        # No reference to the scenario itself: the cache below holds it weakly.
        self.card_ids = tuple(c.id for c in sc.cards)
        self.n = len(sc.countries)
        self.cids = tuple(c.id for c in sc.countries)
        self.weights = tuple(c.weight for c in sc.countries)
        self.wsum = fsum_left(self.weights) or 1.0
        self.each = None if sc.cohesion is None else sc.cohesion.fn
        self.card_index = {c.id: k for k, c in enumerate(sc.cards)}
        self.resp_index = {r.id: k for k, r in enumerate(sc.responses)}
        self.default = next(k for k, r in enumerate(sc.responses) if r.default)
        self.cards_per_turn = tuple(sc.group(c.group).cards_per_turn.fn for c in sc.countries)
        self.pools: tuple[tuple[_PoolCard, ...], ...] = tuple(
            tuple((k, card.id, _cond(card.when), card.weight.const, card.weight.fn)
                  for k, card in enumerate(sc.cards) if ci in card.countries)
            for ci in range(self.n))
        self.templates = tuple(self._template(pool) for pool in self.pools)
        self.card_effects = tuple(_effects(c.effects) for c in sc.cards)
        #: Per card, per response: the share of the card's effects that gets through.
        self.scales = tuple(tuple(1.0 - c.block_for(r) for r in sc.responses) for c in sc.cards)
        self.responses = tuple((r.capital, r.economy, _effects(r.effects)) for r in sc.responses)
        self.initiatives = {i.id: (i.capital, i.economy, i.countries, _effects(i.effects)) for i in sc.initiatives}
        self.card_simple = tuple(_simple(e) for e in self.card_effects)
        self.resp_simple = tuple(_simple(e) for _, _, e in self.responses)
        self.rules = tuple((_cond(r.when), r.countries, effs, _one(effs))
                           for r, effs in ((r, _effects(r.effects)) for r in sc.rules))
        self.events = tuple(
            (ev.id, _cond(ev.when), ev.once, ev.chance, _effects(ev.effects),
             (((None, ev.id, "*"),) if ev.countries is None
              else tuple((ci, f"{ev.id}@{self.cids[ci]}", self.cids[ci]) for ci in ev.countries)))
            for ev in sc.events)
        self.dated = {t: tuple(e for e, ev in zip(self.events, sc.events, strict=True) if ev.turn == t)
                      for t in range(1, sc.turns + 2)}
        self.conditional = tuple(e for e, ev in zip(self.events, sc.events, strict=True) if ev.turn is None)
        self.calendar = {t: sc.month_of(t) for t in range(1, sc.turns + 2)}
        self.max_cards = float(sc.max_cards)
        self.acts = tuple(c.acts for c in sc.countries)
        #: Per card id, the responses it admits, in scenario order (for the policies).
        self.allowed = {c.id: tuple(sc.response(r) for r in c.responses) for c in sc.cards}
        #: Per card id: the (id, capital, economy) of the responses it admits, and the most any of them costs.
        self.options = {cid: (tuple((r.id, r.capital, r.economy) for r in rs), max(r.capital for r in rs),
                              max(r.economy for r in rs)) for cid, rs in self.allowed.items()}
        #: DrawnCard values are immutable: one per (turn, post, position, card), shared by every game.
        self.drawn: dict[tuple[int, int, int, int], DrawnCard] = {}


    @staticmethod
    def _template(pool: tuple[_PoolCard, ...]) -> tuple[list[int], list[float], tuple[tuple[int, Fn | None, Fn], ...]]:
        """A post's pool before the month's values are known: card indices, the constant weights (a card with a
        constant weight that is not positive gets a weight computed, and dropped, every month), and the
        positions whose weight must be computed."""
        cards = [k for k, *_ in pool]
        weights = [1.0 if const is None or when is not None else const for _, _, when, const, _ in pool]
        variable = tuple((pos, when, fn) for pos, (_, _, when, const, fn) in enumerate(pool)
                         if const is None or when is not None or not const > 0)
        return cards, weights, variable


#: The scenario's fast-path tables, built on first use.
tables: Callable[[Scenario], Tables] = per_scenario(Tables)


def _run(effs: tuple[_Eff, ...], ci: int, scale: float, env: Env, rows: list[list[float]], g: list[float]) -> None:
    """state._Month.run: apply effects with ``ci`` as the current country; += and -= are scaled."""
    env.i = ci
    for is_global, target, idx, sets, neg, const, fn in effs:
        if const is None:
            amount = fn(env)
            if neg:
                amount = -amount
        else:
            amount = const
        if is_global:
            before = g[idx]
            value = amount if sets else before + amount * scale
            top = VALUE_MAX if idx == 0 else RESOURCE_MAX
            after = top if value > top else value if value >= 0.0 else 0.0
            if after != before:
                g[idx] = after
        else:
            row = rows[ci if target < 0 else target]
            before = row[idx]
            value = amount if sets else before + amount * scale
            after = VALUE_MAX if value > VALUE_MAX else value if value >= VALUE_MIN else VALUE_MIN
            if after != before:
                row[idx] = after


def _spend(g: list[float], capital: float, economy: float) -> None:
    for gi, cost in ((1, capital), (2, economy)):
        if cost:
            value = g[gi] - cost
            after = 0.0 if value < 0 else RESOURCE_MAX if value > RESOURCE_MAX else value
            if after != g[gi]:
                g[gi] = after


def _fire(tab: Tables, ev: tuple[str, Fn | None, bool, float, tuple[_Eff, ...],
                                  tuple[tuple[int | None, str, str], ...]],
          seed: int, turn: int, fired: set[str], env: Env, rows: list[list[float]], g: list[float]) -> None:
    """state._Month._maybe_fire."""
    eid, when, once, chance, effs, targets = ev
    for ci, key, where in targets:
        if once and key in fired:
            continue
        env.i = 0 if ci is None else ci
        if when is not None and when(env) == 0:
            continue
        if chance < 1.0 and Stream(seed, turn, where, f"event:{eid}").random() >= chance:
            continue
        fired.add(key)
        _run(effs, 0 if ci is None else ci, 1.0, env, rows, g)


def resolve(state: GameState, plan: Mapping[str, str], launched: Sequence[str],
            record_plan: tuple[tuple[str, str], ...]) -> GameState:
    """The state after the month: ``state._resolve(explain=False)`` on ``state`` with this plan (already
    checked), without building the planned state first. ``record_plan`` is the plan in card order."""
    sc = state.scenario
    tab = tables(sc)
    rows, g, env, fired = _month(state, tab, plan, launched)
    turn, seed = state.turn, state.seed
    coh = env.cohesion()
    values = tuple(tuple(row) for row in rows)
    record = TurnRecord(turn, record_plan, tuple(launched), values, g[0], g[1], g[2], coh)
    history = (*state.history, record)
    if turn >= sc.turns:
        ending = _ending(sc, env)
        mean = fsum_left(h.cohesion for h in history) / len(history)
        score = int(mean + ending.bonus + 0.5)
        return GameState(sc, seed, state.difficulty, turn, values, g[0], g[1], g[2], (), (), (),
                         frozenset(fired), history, (), state.start_values, True, ending.id, score)

    # The next month's opening.
    allowance = sc.capital if not state.difficulty else sc.difficulty(state.difficulty).capital
    carry = min(max(g[1], 0.0), sc.capital_carry)
    value = allowance + carry
    after = 0.0 if value < 0 else RESOURCE_MAX if value > RESOURCE_MAX else value
    if after != g[1]:
        g[1] = after
    turn += 1
    year_month = tab.calendar[turn]
    g[3], g[5], g[6] = float(turn), float(year_month[1]), float(year_month[0])
    changed = False
    for ev in tab.dated.get(turn, ()):
        _fire(tab, ev, seed, turn, fired, env, rows, g)
        changed = True
    cards = _draw(tab, seed, turn, env, rows)
    if changed:
        values = tuple(tuple(row) for row in rows)
    return GameState(sc, seed, state.difficulty, turn, values, g[0], g[1], g[2], cards, (), (),
                     frozenset(fired), history, (), state.start_values)


def _month(state: GameState, tab: Tables, plan: Mapping[str, str], launched: Sequence[str]
           ) -> tuple[list[list[float]], list[float], Env, set[str]]:
    """The month's resolution on working lists: the rows, the globals, the expression environment over them
    and the fired events."""
    sc = state.scenario
    turn = state.turn
    rows = [list(row) for row in state.values]
    year_month = tab.calendar[turn]
    g = [state.climate, state.capital, state.economy, float(turn), float(sc.turns), float(year_month[1]),
         float(year_month[0])]
    env = Env.__new__(Env)
    env.c, env.g, env.i, env.weights, env.wsum, env.each = rows, g, 0, tab.weights, tab.wsum, tab.each
    fired = set(state.fired)
    seed = state.seed

    # Cards and responses, in card order.
    card_index, resp_index, responses, card_effects, scales = \
        tab.card_index, tab.resp_index, tab.responses, tab.card_effects, tab.scales
    card_simple, resp_simple = tab.card_simple, tab.resp_simple
    default = tab.default
    for drawn in state.cards:
        k = card_index[drawn.card]
        rid = plan.get(drawn.uid)
        r = default if rid is None else resp_index[rid]
        capital, economy, resp_effects = responses[r]
        ci = drawn.country
        if capital or economy:
            _spend(g, capital, economy)
        scale = scales[k][r]
        if scale > 0:
            simple = card_simple[k]
            if simple is None:
                _run(card_effects[k], ci, scale, env, rows, g)
            else:  # _run, for effects that add a number to a value of this post
                row = rows[ci]
                for idx, delta in simple:
                    before = row[idx]
                    value = before + delta * scale
                    after = VALUE_MAX if value > VALUE_MAX else value if value >= VALUE_MIN else VALUE_MIN
                    if after != before:
                        row[idx] = after
        if resp_effects:
            simple = resp_simple[r]
            if simple is None:
                _run(resp_effects, ci, 1.0, env, rows, g)
            else:  # as above, unscaled (amount * 1.0 is amount)
                row = rows[ci]
                for idx, delta in simple:
                    before = row[idx]
                    value = before + delta
                    after = VALUE_MAX if value > VALUE_MAX else value if value >= VALUE_MIN else VALUE_MIN
                    if after != before:
                        row[idx] = after
    for iid in launched:
        capital, economy, countries, effs = tab.initiatives[iid]
        _spend(g, capital, economy)
        for ci in countries:
            _run(effs, ci, 1.0, env, rows, g)
    for when, where, effs, one in tab.rules:
        if where is None:
            if when is None or when(env) != 0:
                _run(effs, 0, 1.0, env, rows, g)
        elif one is None:
            for ci in where:
                env.i = ci
                if when is None or when(env) != 0:
                    _run(effs, ci, 1.0, env, rows, g)
        else:  # one effect that adds to a value of the post: _run inlined
            idx, neg, const, fn = one
            for ci in where:
                env.i = ci
                if when is None or when(env) != 0:
                    if const is None:
                        amount = fn(env)
                        if neg:
                            amount = -amount
                    else:
                        amount = const
                    row = rows[ci]
                    before = row[idx]
                    value = before + amount
                    after = VALUE_MAX if value > VALUE_MAX else value if value >= VALUE_MIN else VALUE_MIN
                    if after != before:
                        row[idx] = after
    for ev in tab.conditional:
        _fire(tab, ev, seed, turn, fired, env, rows, g)
    return rows, g, env, fired


def start(sc: Scenario, seed: int, difficulty: str = "") -> GameState:
    """``state.new_game`` without its briefing (the events of the first opening): the simulator's start."""
    tab = tables(sc)
    capital, economy = sc.capital, sc.economy
    if difficulty:
        d = sc.difficulty(difficulty)
        capital, economy = d.capital, d.economy
    start_values = tuple(tuple(c.start) for c in sc.countries)
    rows = [list(v) for v in start_values]
    year_month = tab.calendar[1]
    g = [sc.climate, capital, economy, 1.0, float(sc.turns), float(year_month[1]), float(year_month[0])]
    env = Env.__new__(Env)
    env.c, env.g, env.i, env.weights, env.wsum, env.each = rows, g, 0, tab.weights, tab.wsum, tab.each
    fired: set[str] = set()
    for ev in tab.dated.get(1, ()):
        _fire(tab, ev, seed, 1, fired, env, rows, g)
    cards = _draw(tab, seed, 1, env, rows)
    return GameState(sc, seed, difficulty, 1, tuple(tuple(row) for row in rows), g[0], g[1], g[2], cards,
                     fired=frozenset(fired), start_values=start_values)


def _draw(tab: Tables, seed: int, turn: int, env: Env, rows: list[list[float]]) -> tuple[DrawnCard, ...]:
    """state._Month._draw at every post."""
    out: list[DrawnCard] = []
    max_cards = tab.max_cards
    cache = tab.drawn
    cpt = tab.cards_per_turn
    templates = tab.templates
    for ci in range(tab.n):
        env.i = ci
        v = cpt[ci](env)  # int(min(max(v, 0.0), max_cards) + 0.5), without the calls
        if not v > 0.0:  # NaN too
            v = 0.0
        if v > max_cards:
            v = max_cards
        n = int(v + 0.5)
        if n <= 0:
            continue
        # The pool in scenario order: the weights that are numbers are filled in already, the others computed
        # here; cards whose condition fails or whose weight is not positive are dropped.
        pool, weights, variable = templates[ci]
        weights = weights[:]
        dropped: list[int] | None = None
        for pos, when, wfn in variable:
            if when is None or when(env) != 0:
                w = wfn(env)
                weights[pos] = w
                if not w > 0:
                    if dropped is None:
                        dropped = []
                    dropped.append(pos)
            elif dropped is None:
                dropped = [pos]
            else:
                dropped.append(pos)
        if dropped is not None:
            pool = pool[:]
            for pos in reversed(dropped):
                del pool[pos]
                del weights[pos]
            if not pool:
                continue
        count = n if n < len(pool) else len(pool)
        if count > 1 and dropped is None:
            pool = pool[:]  # popped below
        # Stream(seed, turn, post, "outreach").weighted(weights), inlined: every pool weight is > 0.
        state = stream_key(seed, turn, tab.cids[ci], "outreach")
        for j in range(count):
            state = (state + GAMMA) & _MASK
            z = ((state ^ (state >> 30)) * MIX1) & _MASK
            z = ((z ^ (z >> 27)) * MIX2) & _MASK
            x = ((z ^ (z >> 31)) >> 11) * _UNIT * fsum_left(weights)
            pick = len(weights) - 1
            for p, w in enumerate(weights):
                if x < w:
                    pick = p
                    break
                x -= w
            if count == 1:
                k = pool[pick]
            else:
                k = pool.pop(pick)
                weights.pop(pick)
            key = (turn, ci, j, k)
            drawn = cache.get(key)
            if drawn is None:
                drawn = cache[key] = DrawnCard(f"t{turn}-{tab.cids[ci]}-{j + 1}", ci, tab.card_ids[k])
            out.append(drawn)
    return tuple(out)
