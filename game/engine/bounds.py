"""What the rules allow at most, known without playing: the capital a month can hold, the economy a game can
hold, and so the responses and initiatives that no plan can ever pay for.

``ambassador validate`` reports those as problems and ``ambassador simulate`` tells them apart from the ones that
could be paid but were never worth it. The bounds are upper bounds: a number this module cannot bound (an effect
on capital that depends on the game, or that sets capital outright) gives ``None``, and nothing is refused.

How the engine fills the purse (game.engine.state): the game starts with the allowance; each new month gets the
allowance plus what was left over, up to the carry-over limit; the dated events of a month fire when it opens,
before the player plans. Capital gained while a month resolves only reaches the next month through the carry-over
limit. The economy is one budget for the whole game.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from game.engine.data import RESOURCE_MAX, Scenario
from game.engine.expr import Effect

__all__ = ["Unaffordable", "capital_ceiling", "economy_ceiling", "unaffordable"]


@dataclass(frozen=True)
class Unaffordable:
    """A response or initiative whose cost is above what any plan can hold."""

    kind: str  # "responses" or "initiatives"
    id: str
    resource: str  # "capital" or "economy"
    cost: float
    ceiling: float


def _gain(effects: Iterable[Effect], var: str, times: int) -> float | None:
    """The most ``effects`` can add to the global ``var`` when applied ``times`` times; None if unbounded."""
    total = 0.0
    for eff in effects:
        if not eff.is_global or eff.var != var:
            continue
        if eff.op == "=":
            return None
        if eff.spread is not None:
            gain = eff.spread[1] if eff.op == "+=" else -eff.spread[0]
        elif eff.value.const is None:
            return None
        else:
            gain = eff.value.const if eff.op == "+=" else -eff.value.const
        total += max(gain, 0.0) * times
    return total


def _event_times(countries: tuple[int, ...] | None) -> int:
    return 1 if countries is None else len(countries)


def _allowances(sc: Scenario, difficulty: str | None) -> tuple[float, float]:
    """The monthly capital and the game's economy: of one difficulty ("" for the scenario's own resources), or
    the most of any (None)."""
    if difficulty is None:
        return (max([sc.capital, *(d.capital for d in sc.difficulties)]),
                max([sc.economy, *(d.economy for d in sc.difficulties)]))
    if not difficulty:
        return sc.capital, sc.economy
    level = sc.difficulty(difficulty)
    return level.capital, level.economy


def capital_ceiling(sc: Scenario, difficulty: str | None = None) -> float | None:
    """The most capital the player can hold when planning any month (at ``difficulty``, or at any when None);
    None if unbounded.

    Whatever changes capital while a month resolves (cards, responses, rules, conditional events) reaches the
    next month only through the carry-over limit, so only the allowance, the carry-over and the dated events
    that fire as a month opens count."""
    allowance = _allowances(sc, difficulty)[0]
    best = 0.0
    for turn in range(1, sc.turns + 1):
        opening = 0.0
        for ev in sc.events:
            if ev.turn == turn:
                gain = _gain(ev.effects, "capital", _event_times(ev.countries))
                if gain is None:
                    return None
                opening += gain
        carry = sc.capital_carry if turn > 1 else 0.0
        best = max(best, allowance + carry + opening)
    return min(best, RESOURCE_MAX)


def economy_ceiling(sc: Scenario, difficulty: str | None = None) -> float | None:
    """The most economy the player can hold at any point of a game (at ``difficulty``, or at any when None);
    None if unbounded."""
    budget = _allowances(sc, difficulty)[1]
    gains = 0.0
    for ev in sc.events:
        times = _event_times(ev.countries) * (1 if ev.once or ev.turn is not None else sc.turns)
        gain = _gain(ev.effects, "economy", times)
        if gain is None:
            return None
        gains += gain
    spent = [*(r.effects for r in sc.responses), *(c.effects for c in sc.cards),
             *(i.effects for i in sc.initiatives), *(r.effects for r in sc.rules)]
    for effects in spent:
        gain = _gain(effects, "economy", 1)
        if gain is None or gain > 0:
            return None  # gained on every card or month: no useful bound
    return min(budget + gains, RESOURCE_MAX)


def _costs(sc: Scenario) -> Iterator[tuple[str, str, float, float]]:
    for r in sc.responses:
        yield "responses", r.id, r.capital, r.economy
    for ini in sc.initiatives:
        yield "initiatives", ini.id, ini.capital, ini.economy


def unaffordable(sc: Scenario, difficulty: str | None = None) -> list[Unaffordable]:
    """The responses and initiatives that cost more capital than a month can hold, or more economy than a game
    can hold (at ``difficulty``, or at every one when None), in scenario order."""
    capital, economy = capital_ceiling(sc, difficulty), economy_ceiling(sc, difficulty)
    out: list[Unaffordable] = []
    for kind, ident, cap, eco in _costs(sc):
        if capital is not None and cap > capital:
            out.append(Unaffordable(kind, ident, "capital", cap, capital))
        elif economy is not None and eco > economy:
            out.append(Unaffordable(kind, ident, "economy", eco, economy))
    return out
