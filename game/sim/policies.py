"""Policies: ways of playing a whole game without a player, for the balance report.

A policy sees the state at the opening of a month and returns that month's plan: a response for every card
at the posts where the player acts, and the initiatives to launch. It only proposes plans the engine accepts
(allowed on the card, affordable in order). Its random choices come from the engine's keyed streams
(``Stream(seed, turn, country, "policy:...")``), never from the global random module, so a game is the same
on any machine whatever else runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from game.engine import DrawnCard, GameState, lockstep, rng
from game.engine.data import Card, Response, Scenario, per_scenario
from game.engine.data import Policy as ScriptedSpec
from game.engine.expr import fsum_left
from game.engine.lockstep import Choice
from game.engine.state import affords
from game.errors import AmbassadorError
from game.sim.builtin import BUILTIN, summary

__all__ = ["BUILTIN", "Plan", "Policy", "PolicyError", "available", "make_policy"]

#: A month's plan: card uid -> response id (in card order), and initiative ids.
Plan = tuple[dict[str, str], tuple[str, ...]]
#: Values closer than this count as a tie when a policy compares plans.
_EPS = 1e-9


class PolicyError(AmbassadorError, ValueError):
    """An unknown policy name; the message lists the known ones."""


@dataclass(frozen=True)
class Policy:
    """A named way of playing. ``plan`` is called at the opening of every month."""

    id: str
    name: str
    summary: str
    plan: Callable[[GameState], Plan]
    #: Policies that look ahead; the report compares every other policy with these.
    strong: bool = False
    #: How the policy answers, for playing many games in lockstep (game.engine.lockstep); None for the policies
    #: that look ahead from each game's own state.
    choice: Choice | None = None
    #: ``plan`` for many games at once (all at the opening of the same month), when that is faster.
    plan_many: Callable[[Sequence[GameState]], list[Plan]] | None = None


# --- helpers -----------------------------------------------------------------------------------------------

def _acting(state: GameState) -> list[DrawnCard]:
    countries = state.scenario.countries
    return [c for c in state.cards if countries[c.country].acts]


class _Budget:
    """What is left to spend this month while a plan is being built."""

    __slots__ = ("capital", "economy")

    def __init__(self, state: GameState) -> None:
        self.capital, self.economy = state.capital, state.economy

    def affords(self, capital: float, economy: float) -> bool:
        return affords(capital, economy, self.capital, self.economy)

    def spend(self, capital: float, economy: float) -> None:
        self.capital -= capital
        self.economy -= economy


@per_scenario
def _menu(sc: Scenario) -> dict[str, tuple[Response, ...]]:
    """Per card id, the responses it admits, in the card's order: what the policies read of a scenario at every
    card, found once per scenario."""
    return {c.id: tuple(sc.response(r) for r in c.responses) for c in sc.cards}


def _options(state: GameState, card: DrawnCard, budget: _Budget) -> list[Response]:
    # state.allowed_responses(card.uid), read from the scenario's menu
    return [r for r in _menu(state.scenario)[card.card] if budget.affords(r.capital, r.economy)]


def _choose(choices: dict[str, str], budget: _Budget, card: DrawnCard, resp: Response) -> None:
    choices[card.uid] = resp.id
    budget.spend(resp.capital, resp.economy)


def _ordered(sc: Scenario, launched: Sequence[str]) -> tuple[str, ...]:
    return tuple(i.id for i in sc.initiatives if i.id in launched)


def final_value(state: GameState) -> float:
    """The unrounded score of a finished game: mean cohesion over the months plus the ending's bonus."""
    history = state.history
    mean = fsum_left(h.cohesion for h in history) / len(history)
    return mean + (state.scenario.ending(state.ending).bonus if state.ending else 0.0)


# --- the fixed policies ------------------------------------------------------------------------------------
_TEMPERED = "tempered"  # the strong policy's rule of thumb; the scenario's own policies are "scripted:ID"
# Each is a ``Choice`` (``_choices``) that game.engine.lockstep plays, for one game (a block of one, as here) or
# for many: the one definition of how it answers.

def _fixed(name: str) -> Callable[[GameState], Plan]:
    def plan(state: GameState) -> Plan:
        return lockstep.plans(state.scenario, [state], [_choices(state.scenario)[name]])[0][0]

    plan.__name__ = plan.__qualname__ = f"plan_{name}"
    return plan


def plan_random(state: GameState, purpose: str = "policy:random") -> Plan:
    """On each card, one of its affordable responses drawn from the stream ``purpose`` (see ``Choice``)."""
    choice = _choices(state.scenario)["random"]
    if purpose != choice.purpose:
        choice = _purposes(state.scenario, purpose)
    return lockstep.plans(state.scenario, [state], [choice])[0][0]


def _purposes(sc: Scenario, purpose: str) -> Choice:
    """The random policy drawing from the stream ``purpose``, made once per scenario and purpose."""
    made = _random_by_purpose(sc)
    choice = made.get(purpose)
    if choice is None:
        choice = made[purpose] = Choice(random=True, purpose=purpose)
    return choice


@per_scenario
def _random_by_purpose(sc: Scenario) -> dict[str, Choice]:
    return {}


plan_ignore = _fixed("ignore")
plan_hardline = _fixed("hardline")
#: The strong policy's rule of thumb (its rollouts continue with it): block as much as affordable, but avoid
#: coercion where resentment is already high.
plan_tempered = _fixed(_TEMPERED)


def scripted(spec: ScriptedSpec) -> Callable[[GameState], Plan]:
    """A scenario's own policy: its initiatives whenever affordable, then on each card the first allowed,
    affordable response in its order of preference (the default response when none is)."""
    return _fixed(f"scripted:{spec.id}")


def greedy_many(states: Sequence[GameState]) -> list[Plan]:
    """The greedy policy for many games at the opening of the same month (one game is a block of one).

    Card by card (the i-th acting card of every game at once), each affordable response is weighed by the
    bloc cohesion at the month's end with it and the answers chosen so far (the later cards left to the
    default); the best wins, ties to the cheaper response, then to the first in scenario order. Then each
    affordable initiative, in scenario order, joins the plan when it raises that cohesion further. Every
    weighing of a step is one one-month block of game.engine.lockstep (``Weighing.cohesion``, the plans so far
    kept as a table of answers; the initiatives with ``month_cohesion``)."""
    if not states:
        return []
    sc = states[0].scenario
    start = lockstep.Openings(sc, states)  # read once, weighed from many times
    weighing = lockstep.Weighing(start)  # the answers chosen so far, weighed with one more
    budgets = [_Budget(s) for s in states]
    choices: list[dict[str, str]] = [{} for _ in states]
    acting = [_acting(s) for s in states]
    for step in range(max(len(a) for a in acting)):
        weighed: list[tuple[int, Response]] = []
        starts: list[int] = []
        uids: list[str] = []
        answers: list[str] = []
        for g, state in enumerate(states):
            if step < len(acting[g]):
                card = acting[g][step]
                for resp in _options(state, card, budgets[g]):
                    weighed.append((g, resp))
                    starts.append(g)
                    uids.append(card.uid)
                    answers.append(resp.id)
        values = weighing.cohesion(starts, uids, answers).tolist()
        best: dict[int, tuple[Response, float]] = {}
        for (g, resp), value in zip(weighed, values, strict=True):
            known = best.get(g)
            if known is None or value > known[1] + _EPS or (
                    abs(value - known[1]) <= _EPS and resp.capital + resp.economy < _cost(known[0])):
                best[g] = (resp, value)
        for g, (resp, _) in best.items():
            _choose(choices[g], budgets[g], acting[g][step], resp)
            weighing.choose(g, acting[g][step].uid, resp.id)
    launched: list[list[str]] = [[] for _ in states]
    if sc.initiatives:
        current = lockstep.month_cohesion(start, range(len(states)), [(c, ()) for c in choices]).tolist()
        for ini in sc.initiatives:
            trying = [g for g in range(len(states)) if budgets[g].affords(ini.capital, ini.economy)]
            if not trying:
                continue
            values = lockstep.month_cohesion(
                start, trying, [(choices[g], _ordered(sc, [*launched[g], ini.id])) for g in trying]).tolist()
            for g, value in zip(trying, values, strict=True):
                if value > current[g] + _EPS:
                    budgets[g].spend(ini.capital, ini.economy)
                    launched[g].append(ini.id)
                    current[g] = value
    return [(c, tuple(ids)) for c, ids in zip(choices, launched, strict=True)]


def _cost(resp: Response) -> float:
    return resp.capital + resp.economy


def plan_greedy(state: GameState) -> Plan:
    return greedy_many([state])[0]


# --- the strong policy -------------------------------------------------------------------------------------

def _rollout_seed(seed: int, turn: int, k: int) -> int:
    return rng.key(seed, turn, "rollout", k) >> 1


def _candidates(states: Sequence[GameState], samples: int, greedy: Sequence[Plan]) -> list[list[Plan]]:
    """For each state (all at the opening of the same month), the strong policy's candidate plans for the
    month, without repeats, in the order they are tried: the rule of thumb, the greedy policy's plan
    (``greedy``, worked out for the states at once), hardline, ignore, the scenario's own policies, then
    ``samples`` random plans, each from a stream of its own."""
    sc = states[0].scenario
    made = _choices(sc)
    fixed = lockstep.plans(sc, states, [made[_TEMPERED], made["hardline"], made["ignore"],
                                        *(made[f"scripted:{p.id}"] for p in sc.policies),
                                        *(_purposes(sc, f"policy:strong:{k}") for k in range(samples))])
    out: list[list[Plan]] = []
    for g, mine in enumerate(greedy):
        candidates: list[Plan] = []
        seen: set[tuple[tuple[tuple[str, str], ...], tuple[str, ...]]] = set()
        for p in (fixed[0][g], mine, *(plans[g] for plans in fixed[1:])):
            key = (tuple(p[0].items()), p[1])
            if key not in seen:
                seen.add(key)
                candidates.append(p)
        out.append(candidates)
    return out


def _futures(state: GameState, rollouts: int) -> list[GameState]:
    """The state under the seeds of the strong policy's rollouts: the same for every candidate."""
    return [replace(state, seed=_rollout_seed(state.seed, state.turn, k)) for k in range(max(rollouts, 1))]


def _best(candidates: Sequence[Plan], values: Sequence[float], rollouts: int) -> Plan:
    """The candidate with the best total over its rollouts (``values``: candidate by candidate, rollout by
    rollout); ties go to the earlier candidate."""
    n = max(rollouts, 1)
    best, best_value = candidates[0], float("-inf")
    for c, cand in enumerate(candidates):
        total = 0.0
        for v in values[c * n:(c + 1) * n]:
            total += v
        if total > best_value + _EPS:
            best, best_value = cand, total
    return best


def strong(rollouts: int = 3, samples: int = 3) -> Callable[[GameState], Plan]:
    """The strong policy for one game: ``strong_many`` with a block of one."""
    many = strong_many(rollouts, samples)
    return lambda state: many([state])[0]


def strong_many(rollouts: int = 3, samples: int = 3) -> Callable[[Sequence[GameState]], list[Plan]]:
    """Monte Carlo lookahead, for many games at the opening of the same month. Candidate plans for the month
    come from the other policies (the rule of thumb, greedy, hardline, ignore, the scenario's scripted ones)
    and from ``samples`` random plans. Each is played out to the end ``rollouts`` times under other seeds, so
    the future draws are unknown to it as they are to a student (the same seeds for every candidate, so they
    are compared on the same futures), continuing with the rule of thumb. The plan with the best mean final
    score wins; ties go to the earlier candidate. Every game's rollouts are played together, in lockstep
    (game.engine.lockstep)."""

    def plan_many(states: Sequence[GameState]) -> list[Plan]:
        if not states:
            return []
        sc = states[0].scenario
        then = _tempered(sc)
        per_state = _candidates(states, samples, greedy_many(states))
        starts: list[GameState] = []
        plans: list[Plan] = []
        for state, candidates in zip(states, per_state, strict=True):
            if len(candidates) > 1:
                futures = _futures(state, rollouts)
                for cand in candidates:
                    starts += futures
                    plans += [cand] * len(futures)
        values = lockstep.rollouts(sc, starts, plans, then).tolist() if starts else []
        out: list[Plan] = []
        at = 0
        for candidates in per_state:
            if len(candidates) == 1:
                out.append(candidates[0])
                continue
            n = len(candidates) * max(rollouts, 1)
            out.append(_best(candidates, values[at:at + n], rollouts))
            at += n
        return out

    return plan_many


# --- the fixed policies' choices ---------------------------------------------------------------------------

@per_scenario
def _choices(sc: Scenario) -> dict[str, Choice]:
    """Every fixed policy of the scenario as its ``Choice``, made once per scenario: random, ignore, hardline,
    the scenario's own (``scripted``), and "tempered", the strong policy's rule of thumb."""
    index = {r.id: k for k, r in enumerate(sc.responses)}
    default = [index[sc.default_for(c).id] for c in sc.cards]  # per card: what applies when it is unanswered
    allowed = _menu(sc)
    out = {
        "random": Choice(random=True),
        "ignore": Choice(prefer=tuple((d,) for d in default)),
        # the first of the most coercive the card admits, in the card's order
        "hardline": Choice(prefer=tuple(tuple(index[r.id] for r in sorted(allowed[c.id], key=lambda r: -r.coercion))
                                        for c in sc.cards)),
    }
    for spec in sc.policies:
        out[f"scripted:{spec.id}"] = (Choice(
            prefer=tuple((*(index[rid] for rid in spec.prefer if rid in c.responses), d)
                         for c, d in zip(sc.cards, default, strict=True)),
            initiatives=tuple(sc.initiatives.index(sc.initiative(iid)) for iid in spec.initiatives)))
    # The rule of thumb: the best block for the cost first, and where the post's resentment is above 40, the
    # gentle responses (coercion 3 or less) first.
    prefer: list[tuple[int, ...]] = []
    gentle: list[tuple[int, ...]] = []
    for c in sc.cards:
        def worth(r: Response, card: Card = c) -> float:
            return -(card.block_for(r) - 0.01 * (r.capital + r.economy))
        order = sorted(allowed[c.id], key=worth)  # best first; ties in the card's order
        prefer.append(tuple(index[r.id] for r in order))
        gentle.append(tuple(index[r.id] for r in [*(r for r in order if r.coercion <= 3),
                                                   *(r for r in order if r.coercion > 3)]))
    out[_TEMPERED] = Choice(prefer=tuple(prefer), above=(2, 40.0, tuple(gentle)))
    return out


def _tempered(sc: Scenario) -> Choice:
    return _choices(sc)[_TEMPERED]


def _choice(name: str, sc: Scenario) -> Choice | None:
    """The fixed policy ``name`` (a built-in one, else the scenario's own) as its ``Choice``; None for a
    policy that looks ahead, or an unknown name."""
    made = _choices(sc)
    return made.get(name) if name in ("random", "ignore", "hardline") else made.get(f"scripted:{name}")


# --- look-up -----------------------------------------------------------------------------------------------

def available(scenario: Scenario) -> list[tuple[str, str]]:
    """Every policy name this scenario knows, with its one-line summary: the built-in ones, then its own."""
    names = [(name, summary(name, scenario.words.aggregate)) for name in BUILTIN]
    names += [(p.id, f"{p.name}: {p.text}" if p.text else p.name) for p in scenario.policies if p.id not in BUILTIN]
    return names


def make_policy(name: str, scenario: Scenario, *, rollouts: int = 3, samples: int = 3) -> Policy:
    """The policy called ``name``: a built-in one or one the scenario declares."""
    builtin: dict[str, Callable[[GameState], Plan]] = {
        "random": plan_random, "ignore": plan_ignore, "hardline": plan_hardline, "greedy": plan_greedy,
    }
    aggregate = scenario.words.aggregate
    if name == "greedy":
        return Policy(name, name, summary(name, aggregate), plan_greedy, plan_many=greedy_many)
    if name in builtin:
        return Policy(name, name, summary(name, aggregate), builtin[name], choice=_choice(name, scenario))
    if name == "strong":
        return Policy(name, name, summary(name, aggregate), strong(rollouts, samples), strong=True,
                      plan_many=strong_many(rollouts, samples))
    for spec in scenario.policies:
        if spec.id == name:
            return Policy(spec.id, spec.name, spec.text or spec.name, scripted(spec), choice=_choice(spec.id, scenario))
    known = ", ".join(n for n, _ in available(scenario))
    import difflib

    close = difflib.get_close_matches(name, [n for n, _ in available(scenario)], n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise PolicyError(f"unknown policy {name!r}{hint} (known: {known})")
