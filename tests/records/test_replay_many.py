"""Records replayed as blocks of games (``replay_many``, game.engine.lockstep) give what replaying each alone
gives (``replay``): the same state after every month, and the same verdict on records that are edited, cut
short, out of order or not legal.

A block that gave up on every record would pass the comparison of verdicts (each would be replayed alone), so
the test first asks the block itself: it must play every well-formed record, to the state the one-game path
reaches. The games are played once for both (playing them was a third of this file's time)."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from game.engine import GameState, lockstep, new_game, play_turn
from game.engine.data import Scenario
from game.records import Record, from_state, loads, replay, replay_many
from game.scenario import bundled_entries, load
from game.sim.policies import plan_hardline, plan_random

ROOT = Path(__file__).parents[1]
PATHS = ([Path(b.path) for b in bundled_entries()] + sorted((ROOT / "fixtures" / "scenarios").glob("*.toml"))
         + sorted((ROOT / "sim" / "fixtures").glob("*.toml")))


@cache
def _load(path: Path) -> Scenario:
    return load(path)


def _game(sc: Scenario, k: int) -> GameState:
    """Game ``k``: random answers of its own (hardline for every fifth game, which spends the most), an
    easier difficulty for every third game when the scenario has one, cut short for every fourth."""
    difficulty = sc.difficulties[0].id if sc.difficulties and k % 3 == 0 else ""
    state = new_game(sc, 1000 + k, difficulty)
    months = 1 + k % sc.turns if k % 4 == 0 else sc.turns
    while not state.over and len(state.history) < months:
        plan = plan_hardline(state) if k % 5 == 0 else plan_random(state, f"policy:test:{k % 7}")
        state, _ = play_turn(state, *plan, explain=False)
    return state


def _record(state: GameState, player: str) -> Record:
    """The record as it is read back from its file (sealed)."""
    return loads(json.dumps(from_state(state, player).to_json()))


def _tampered(sc: Scenario, record: Record) -> list[Record]:
    """The record edited in the ways a record goes wrong."""
    first = record.turns[0]
    turns = record.turns
    cards = {c.id: c for c in sc.cards}
    other = {uid: next((r.id for r in sc.responses if r.id not in cards[uid_card].responses), rid)
             for uid, rid in first.choices.items()
             for uid_card in [_card_of(sc, record, uid)]}
    out = [
        replace(record, turns=[replace(first, cohesion=first.cohesion + 0.5), *turns[1:]]),
        replace(record, turns=[replace(first, digest="0" * 16), *turns[1:]]),
        replace(record, turns=[*turns[:-1], replace(turns[-1], digest="0" * 16)]),
        replace(record, turns=[replace(first, choices={**first.choices, "t1-nowhere-1": sc.responses[0].id}),
                               *turns[1:]]),
        replace(record, turns=[replace(first, choices=other), *turns[1:]]),
        replace(record, turns=[replace(first, initiatives=[i.id for i in sc.initiatives] * 2), *turns[1:]]),
        replace(record, turns=[replace(first, choices={uid: max(sc.responses, key=lambda r: r.capital).id
                                                      for uid in first.choices}), *turns[1:]]),
        replace(record, turns=[replace(t, turn=t.turn + 1) for t in turns]),
        replace(record, turns=[*turns, replace(turns[-1], turn=turns[-1].turn + 1)]),
        replace(record, turns=turns[:-1]),
        replace(record, turns=[]),
        replace(record, score=(record.score or 0) + 1),
        replace(record, player=record.player + " (edited)"),
        replace(record, difficulty="no-such-level"),
    ]
    return out


def _card_of(sc: Scenario, record: Record, uid: str) -> str:
    state = new_game(sc, record.seed, record.difficulty)
    return state.drawn(uid).card


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_a_block_of_records_reaches_the_states_and_verdicts_of_the_one_game_path(path: Path) -> None:
    """30 games replayed as blocks reach the states they reached when played (the block itself plays them,
    one block per difficulty); the first 12, as records read back, and those records edited get from
    ``replay_many`` the verdicts ``replay`` gives each alone."""
    sc = _load(path)
    games = [_game(sc, k) for k in range(30)]
    for difficulty in sorted({g.difficulty for g in games}):
        mine = [g for g in games if g.difficulty == difficulty]
        plans = [[(dict(h.choices), h.initiatives) for h in g.history] for g in mine]
        states = lockstep.replay(sc, [g.seed for g in mine], difficulty, plans)
        for played, block in zip(mine, states, strict=True):
            assert block == played, (path.stem, played.seed, difficulty)

    records = [_record(game, f"p{k}") for k, game in enumerate(games[:12])]
    edited = [t for r in records if r.turns and r.turns[0].choices for t in _tampered(sc, r)]
    everything = records + edited
    alone = [replay(sc, r) for r in everything]
    assert replay_many(sc, everything) == alone
    assert all(r.ok for r in alone[:len(records)])
    # Every edit but the three that may leave a legal plan (another response, the initiatives twice, the
    # dearest response) is refused.
    kinds = len(_tampered(sc, records[0]))
    assert all(not r.ok for k, r in enumerate(alone[len(records):]) if k % kinds not in (4, 5, 6))
