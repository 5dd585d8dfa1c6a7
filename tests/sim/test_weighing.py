"""``lockstep.Weighing``, the greedy policy's plans kept as a table of answers, weighs a plan as
``month_cohesion`` weighs the same plan written out as a dict, and as the month played alone ends."""

from __future__ import annotations

from pathlib import Path

from game.engine import lockstep, new_game, play_turn
from game.engine.state import GameState
from game.scenario import load
from game.sim.policies import plan_random

ROOT = Path(__file__).parents[2]
PATHS = [ROOT / "scenarios" / "directive-1980.toml", ROOT / "tests" / "fixtures" / "scenarios" / "every-rule.toml",
         ROOT / "tests" / "fixtures" / "scenarios" / "decisions.toml"]


def _states(path: Path, month: int) -> list[GameState]:
    sc = load(path)
    out = []
    for seed in range(6):
        state = new_game(sc, seed)
        while state.turn < min(month, sc.turns):
            state, _ = play_turn(state, *plan_random(state), explain=False)
        out.append(state)
    return out


def test_a_plan_weighed_from_the_table_is_the_month_played_alone() -> None:
    for path in PATHS:
        for month in (1, 4):
            states = _states(path, month)
            start = lockstep.Openings(states[0].scenario, states)
            weighing = lockstep.Weighing(start)
            chosen: list[dict[str, str]] = [{} for _ in states]
            # Each state's random plan, chosen card by card; each step weighs every answer to the next card.
            plans = [plan_random(s, "policy:test") for s in states]
            for step in range(max(len(p[0]) for p in plans)):
                games, uids, answers, dicts = [], [], [], []
                for g, (plan, _) in enumerate(plans):
                    cards = list(plan.items())
                    if step < len(cards):
                        # The random plan's answer and the card's default: the plan stays affordable.
                        uid, mine = cards[step]
                        sc = states[g].scenario
                        card = next(sc.card(c.card) for c in states[g].cards if c.uid == uid)
                        for response in dict.fromkeys([mine, sc.default_for(card).id]):
                            games.append(g)
                            uids.append(uid)
                            answers.append(response)
                            dicts.append(({**chosen[g], uid: response}, ()))
                weighed = weighing.cohesion(games, uids, answers).tolist()
                assert weighed == lockstep.month_cohesion(start, games, dicts).tolist(), (path.stem, month, step)
                alone = [play_turn(states[g], plan, (), explain=False)[0].history[-1].cohesion
                         for g, (plan, _) in zip(games, dicts, strict=True)]
                assert weighed == alone, (path.stem, month, step)
                for g, (plan, _) in enumerate(plans):
                    cards = list(plan.items())
                    if step < len(cards):
                        chosen[g][cards[step][0]] = cards[step][1]
                        weighing.choose(g, *cards[step])
            assert any(chosen), path.stem
