"""The batch runner: many headless games per policy, in parallel, tallied as they finish.

Determinism: game ``k`` of policy ``p`` is played with a seed derived from (seed, p, k), games are cut into
chunks of a fixed size whatever the number of jobs, and the chunks' tallies are merged in chunk order. So
the same seed gives the same report on one core or on sixteen. Memory stays flat: a tally holds counts per
item and per month (and a histogram of the scores, which are whole numbers), never one entry per game.

The fixed policies (random, ignore, hardline, a scenario's scripted ones) play a chunk of ``BLOCK`` games
in lockstep on arrays (game.engine.lockstep), which gives each game exactly as playing it alone would; a
worker plays up to ``FIXED_TOGETHER`` of their chunks as one block, each tallied on its own. The
policies that look ahead play chunks of ``CHUNK`` games month by month, planning every game of the chunk at
once (greedy weighs all their answers in one-month blocks, strong plays all their rollouts in lockstep), and
the months they choose are played as one block too (``lockstep.Games``); a worker plays up to ``TOGETHER`` of
their chunks as one block (``play_chunks``), each still tallied on its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.engine import GameState, lockstep, new_game, play_turn, rng
from game.engine.data import Scenario
from game.engine.expr import fsum_left
from game.engine.lockstep import Choice, Games
from game.engine.lockstep import plans as fixed_plans

if TYPE_CHECKING:
    from game.sim.policies import Plan

__all__ = ["BLOCK", "CHUNK", "FIXED_TOGETHER", "TOGETHER", "Settings", "Tally", "game_seed", "play_chunk",
           "play_chunks", "run"]

#: The policies that play many months per month played, and so play fewer games by default.
SLOW = ("greedy", "strong")
#: Games per unit of work. Fixed, so that results do not depend on the number of jobs.
CHUNK = 50
#: Games per unit of work for the policies played in lockstep: enough games that each array operation does
#: a lot of work (see benchmarks/simulate.py).
BLOCK = 1000


def game_seed(seed: int, policy: str, index: int) -> int:
    """The seed of one game: a stable hash of (seed, policy, game index), 63 bits."""
    return rng.key(seed, policy, index) >> 1


@dataclass(frozen=True)
class Settings:
    """What a batch plays. ``rollouts`` and ``samples`` budget the strong policy's lookahead."""

    games: int = 1000
    seed: int = 1980
    policies: tuple[str, ...] = ("random", "ignore", "hardline", "greedy", "strong")
    slow_games: int | None = None  # games for the slow policies (greedy, strong); None: as many as the others
    rollouts: int = 3
    samples: int = 3
    difficulty: str = ""

    def games_for(self, policy: str, scenario: Scenario) -> int:
        if policy in SLOW and self.slow_games is not None:
            return min(self.games, self.slow_games)
        return self.games


def _per_turn(turns: int) -> list[int]:
    return [0] * (turns + 1)


@dataclass
class Tally:
    """What one policy's games left behind, as counts. Merge two tallies with ``+=`` (in game order)."""

    policy: str
    games: int = 0
    scores: Counter[int] = field(default_factory=Counter)
    endings: dict[str, int] = field(default_factory=dict)
    final_alignment: list[float] = field(default_factory=list)  # sums per country
    final_cohesion: float = 0.0  # the sum of the games' final aggregate (cohesion)
    #: For cards, events, endings, responses and initiatives: games it occurred in, and occurrences per turn.
    games_with: dict[str, dict[str, int]] = field(default_factory=dict)
    turns: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    #: How often each response was chosen on each card: "card/response" -> count.
    pairs: Counter[str] = field(default_factory=Counter)

    def __iadd__(self, other: Tally) -> Tally:
        self.games += other.games
        self.scores.update(other.scores)
        for k, v in other.endings.items():
            self.endings[k] = self.endings.get(k, 0) + v
        if not self.final_alignment:
            self.final_alignment = [0.0] * len(other.final_alignment)
        for i, a in enumerate(other.final_alignment):
            self.final_alignment[i] += a
        self.final_cohesion += other.final_cohesion
        for kind, counts in other.games_with.items():
            mine = self.games_with.setdefault(kind, {})
            for k, v in counts.items():
                mine[k] = mine.get(k, 0) + v
        for kind, hists in other.turns.items():
            mine_h = self.turns.setdefault(kind, {})
            for k, hist in hists.items():
                cur = mine_h.get(k)
                if cur is None:
                    mine_h[k] = list(hist)
                else:
                    for t, n in enumerate(hist):
                        cur[t] += n
        self.pairs.update(other.pairs)
        return self


class _Game:
    """Collects one game's occurrences before they are added to the tally."""

    __slots__ = ("seen", "tally", "turns")

    def __init__(self, tally: Tally, turns: int) -> None:
        self.tally = tally
        self.turns = turns
        self.seen: set[tuple[str, str]] = set()

    def occur(self, kind: str, item: str, turn: int) -> None:
        hist = self.tally.turns.setdefault(kind, {}).get(item)
        if hist is None:
            hist = self.tally.turns[kind][item] = _per_turn(self.turns)
        hist[turn] += 1
        if (kind, item) not in self.seen:
            self.seen.add((kind, item))
            counts = self.tally.games_with.setdefault(kind, {})
            counts[item] = counts.get(item, 0) + 1


_WORKER: list[Scenario] = []


def _init_worker(raw: bytes, name: str) -> None:
    """Compile the scenario once per worker process, from the bytes the parent loaded (not from the file,
    which an author may be editing while the batch runs)."""
    from game.scenario import check_bytes

    # Ctrl+C in a terminal interrupts the workers too: the parent stops the batch, and a worker left to its
    # default would end the unit under way only to take the next one (or die with a traceback when idle).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    scenario, problems = check_bytes(raw, name)
    if scenario is None:  # pragma: no cover - the parent compiled the same bytes
        raise RuntimeError("\n".join(str(p) for p in problems))
    _WORKER[:] = [scenario]


def play_chunk(scenario: Scenario, settings: Settings, policy_name: str, start: int, stop: int, *,
               lockstep: bool = True) -> Tally:
    """Play games ``start``..``stop - 1`` of one policy and tally them. With ``lockstep`` (the default), a
    fixed policy plays them all together on arrays, and the strong policy plans each month for all of them
    at once, its rollouts played together; otherwise each game is played alone by the engine, month by month
    (a fixed policy's plans made for all of them at once). Both give the same tally."""
    return play_chunks(scenario, settings, policy_name, [(start, stop)], lockstep=lockstep)[0]


def play_chunks(scenario: Scenario, settings: Settings, policy_name: str, bounds: Sequence[tuple[int, int]], *,
                lockstep: bool = True) -> list[Tally]:
    """``play_chunk`` of each chunk (``start``, ``stop``) of ``bounds``, one tally per chunk, in order. In
    lockstep, the games of all the chunks are played as one block (more games per array operation; every game
    comes out as it would alone, and each chunk is counted on its own, so each chunk's tally is the same)."""
    from game.sim.policies import make_policy

    policy = make_policy(policy_name, scenario, rollouts=settings.rollouts, samples=settings.samples)
    if lockstep and policy.choice is not None:
        choice = policy.choice
        return _play_block(scenario, settings, policy_name, choice, bounds)
    sc = scenario
    tallies = [Tally(policy_name, final_alignment=[0.0] * len(sc.countries)) for _ in bounds]
    seeds = [game_seed(settings.seed, policy_name, index) for a, b in bounds for index in range(a, b)]
    tally_of = [tally for tally, (a, b) in zip(tallies, bounds, strict=True) for _ in range(a, b)]
    # Month by month, every game at once: the policy plans them all, and each game is counted in game order (the
    # games of a chunk all end in the same month).
    plan_all: Callable[[list[GameState]], list[Plan]]
    play_month: Callable[[list[GameState], list[Plan]], list[GameState]]
    if lockstep and policy.plan_many is not None:
        # The engine plays the month's plans as one block.
        block = Games(sc, seeds, settings.difficulty)
        everyone = list(range(len(seeds)))
        states = block.states(everyone)
        plan_all = policy.plan_many

        def play_month(states: list[GameState], plans: list[Plan]) -> list[GameState]:
            block.play({g: plans[g] for g in everyone if block.live[g]})
            kept = [g for g in everyone if block.live[g]]
            after = dict(zip(kept, block.states(kept), strict=True))
            # A game whose plan the block's one-step check leaves to the action-by-action path goes on alone.
            return [after[g] if g in after else play_turn(states[g], *plans[g], explain=False)[0] for g in everyone]
    else:
        # Each game played alone by the engine (play_turn). A fixed policy plans every game's month at once
        # (lockstep.plans: each game's plan is the one it makes for that game alone, policy.plan); a look-ahead
        # policy plans each game by itself.
        fixed = policy.choice
        plan_all = ((lambda states: [policy.plan(s) for s in states]) if fixed is None
                    else (lambda states: fixed_plans(sc, states, [fixed])[0]))
        states = [new_game(sc, seed, settings.difficulty) for seed in seeds]

        def play_month(states: list[GameState], plans: list[Plan]) -> list[GameState]:
            return [play_turn(state, *plan, explain=False)[0] for state, plan in zip(states, plans, strict=True)]
    games = [_game(tally, sc, state) for tally, state in zip(tally_of, states, strict=True)]
    for game, state in zip(games, states, strict=True):
        assert next(game) is state
    while states and not states[0].over:
        plans = plan_all(states)
        states = play_month(states, plans)
        for game, plan, state in zip(games, plans, states, strict=True):
            _advance(game, plan, state)
    for tally in tallies:
        for kind in ("cards", "responses"):  # as before: no empty entries for kinds that never occurred
            if not tally.turns[kind]:
                del tally.turns[kind]
    return tallies


def _advance(game: Generator[GameState, tuple[Plan, GameState], None], plan: Plan, after: GameState) -> None:
    """Tell a counted game its month's plan and the state it led to (the game's last month ends the count)."""
    with contextlib.suppress(StopIteration):
        game.send((plan, after))


def _game(tally: Tally, sc: Scenario, state: GameState) -> Generator[GameState, tuple[Plan, GameState], None]:
    """One game, counted into the tally: yields each month's opening state and is sent that month's plan with
    the state it led to."""
    default = {c.id: sc.default_for(c).id for c in sc.cards}
    dated = {ev.id: ev.turn for ev in sc.events}
    acts = [c.acts for c in sc.countries]
    pairs = tally.pairs
    # The card and response counts are the hot ones: counted here per game, then added as _Game.occur would.
    card_turns = tally.turns.setdefault("cards", {})
    resp_turns = tally.turns.setdefault("responses", {})
    game = _Game(tally, sc.turns)
    fired = state.fired
    for key in fired:
        game.occur("events", key.partition("@")[0], 1)
    cards_seen: dict[str, None] = {}  # in order of occurrence, as _Game.occur adds them
    resps_seen: dict[str, None] = {}
    while not state.over:
        turn = state.turn
        for drawn in state.cards:
            hist = card_turns.get(drawn.card)
            if hist is None:
                hist = card_turns[drawn.card] = _per_turn(sc.turns)
            hist[turn] += 1
            cards_seen[drawn.card] = None
        (choices, launched), after = yield state
        for drawn in state.cards:
            if acts[drawn.country]:
                rid = choices.get(drawn.uid) or default[drawn.card]
                hist = resp_turns.get(rid)
                if hist is None:
                    hist = resp_turns[rid] = _per_turn(sc.turns)
                hist[turn] += 1
                resps_seen[rid] = None
                pairs[f"{drawn.card}/{rid}"] += 1
        for iid in launched:
            game.occur("initiatives", iid, turn)
        state = after
        if state.fired is not fired:
            for key in state.fired - fired:
                eid = key.partition("@")[0]
                game.occur("events", eid, dated.get(eid) or turn)
            fired = state.fired
    for kind, seen in (("cards", cards_seen), ("responses", resps_seen)):
        if seen:
            counts = tally.games_with.setdefault(kind, {})
            for item in seen:
                counts[item] = counts.get(item, 0) + 1
    assert state.ending is not None and state.score is not None
    game.occur("endings", state.ending, sc.turns)
    tally.games += 1
    tally.scores[state.score] += 1
    tally.endings[state.ending] = tally.endings.get(state.ending, 0) + 1
    for i, row in enumerate(state.values):
        tally.final_alignment[i] += row[0]
    tally.final_cohesion += state.history[-1].cohesion


def _play_block(scenario: Scenario, settings: Settings, policy_name: str, choice: Choice,
                bounds: Sequence[tuple[int, int]]) -> list[Tally]:
    """The chunks' games played in lockstep as one block, each chunk tallied as play_chunk tallies its games
    one by one."""
    chunks = [[game_seed(settings.seed, policy_name, index) for index in range(a, b)] for a, b in bounds]
    return [_tally(scenario, policy_name, out)
            for out in lockstep.play_chunks(scenario, chunks, choice, settings.difficulty)]


def _tally(sc: Scenario, policy_name: str, out: lockstep.Outcome) -> Tally:
    """A chunk's tally from its outcome, as play_chunk tallies its games one by one."""
    tally = Tally(policy_name, games=len(out.score), scores=Counter(out.score.tolist()))
    for e in out.ending.tolist():
        ending = sc.endings[e].id
        tally.endings[ending] = tally.endings.get(ending, 0) + 1
    # Added game after game, as play_chunk adds them.
    tally.final_alignment = [fsum_left([0.0, *row[0].tolist()]) for row in out.values]
    tally.final_cohesion = fsum_left([0.0, *out.cohesion[-1].tolist()])
    for (kind, item), hist in out.turns.items():
        tally.turns.setdefault(kind, {})[item] = hist
    for (kind, item), games in out.games_with.items():
        tally.games_with.setdefault(kind, {})[item] = games
    tally.pairs.update(out.pairs)
    return tally


def _work(settings: Settings, policy_name: str, bounds: Sequence[tuple[int, int]]) -> list[Tally]:
    return play_chunks(_WORKER[0], settings, policy_name, bounds)


def _chunks(settings: Settings, scenario: Scenario) -> list[tuple[str, int, int]]:
    from game.sim.policies import make_policy

    out: list[tuple[str, int, int]] = []
    for name in settings.policies:
        n = settings.games_for(name, scenario)
        size = CHUNK if make_policy(name, scenario).choice is None else BLOCK
        out += [(name, a, min(a + size, n)) for a in range(0, n, size)]
    return out


#: The most chunks of a policy that looks ahead played as one block: a block of 100 games plays a game in
#: about three quarters of the time a block of 50 takes (benchmarks/simulate.py), and more gains little.
TOGETHER = 2
#: The most chunks of a fixed policy played as one block: a block of 4,000 games plays a game of the random
#: policy in about 70% of the time a block of 1,000 takes (benchmarks/simulate.py); 8,000 gain about a tenth
#: more, for about 9 MiB more memory per worker, and leave fewer blocks to share out between the workers.
FIXED_TOGETHER = 4

#: A unit of work: a policy, its chunks (start, stop) played together (``play_chunks``), and whether it looks
#: ahead (its games are slow).
Unit = tuple[str, list[tuple[int, int]], bool]


def _units(settings: Settings, scenario: Scenario, workers: int) -> list[Unit]:
    """The batch's chunks (``_chunks``) as units of work, in chunk order: ``FIXED_TOGETHER`` chunks of a fixed
    policy in a row, ``TOGETHER`` of a policy that looks ahead, fewer where that would leave a worker without
    one."""
    from game.sim.policies import make_policy

    chunks = _chunks(settings, scenario)
    out: list[Unit] = []
    for name in settings.policies:
        mine = [(a, b) for n, a, b in chunks if n == name]
        slow = make_policy(name, scenario).choice is None
        k = max(1, min(TOGETHER if slow else FIXED_TOGETHER, len(mine) // workers))
        out += [(name, mine[i:i + k], slow) for i in range(0, len(mine), k)]
    return out


def run(scenario: Scenario, settings: Settings, *, jobs: int | None = None,
        progress: Callable[[str, int], None] | None = None) -> dict[str, Tally]:
    """Play the batch and return one merged tally per policy, in the order asked.

    ``jobs``: worker processes (None: every core; 1: in this process). ``progress(policy, games)`` is called
    as each chunk is merged.
    """
    from game.sim.policies import make_policy

    for name in settings.policies:  # fail early, in this process, on an unknown name
        make_policy(name, scenario)
    tallies = {name: Tally(name, final_alignment=[0.0] * len(scenario.countries)) for name in settings.policies}
    workers = max(1, min(jobs or os.cpu_count() or 1, len(_chunks(settings, scenario))))
    units = _units(settings, scenario, workers)
    workers = min(workers, len(units))
    raw = _source(scenario) if workers > 1 else None
    if raw is None:
        _merge((t for name, bounds, _ in units for t in play_chunks(scenario, settings, name, bounds)), tallies,
               progress)
        return tallies
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(raw, scenario.file))
    futures: dict[int, Future[list[Tally]]] = {}
    try:
        # The slow units first, so that no worker is left with one at the end; merged in chunk order. Ctrl+C
        # waits until all are handed over: interrupted inside submit, the pool could be left holding a lock
        # of its queue, and its thread that feeds the workers (which the exit waits for) then waits forever.
        with _sigint_held():
            for u in sorted(range(len(units)), key=lambda u: not units[u][2]):
                futures[u] = pool.submit(_work, settings, units[u][0], units[u][1])
        _merge((t for u in range(len(units)) for t in futures[u].result()), tallies, progress)
    except BaseException:  # Ctrl+C: the units not started are dropped, only those under way are finished
        for future in futures.values():  # here: the pool's own cancel_futures is lost once it is collected
            future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return tallies


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """SIGINT (Ctrl+C) held back inside the block, and raised (KeyboardInterrupt) as it ends, where the system
    can hold a signal back (POSIX); elsewhere, nothing is held."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _source(scenario: Scenario) -> bytes | None:
    """The bytes the scenario was compiled from, for the workers; None (play in this process) when the file
    is gone or has changed since it was loaded."""
    from game.files import FileRefused, read_bytes
    from game.scenario.catalog import MAX_BYTES

    try:
        raw = read_bytes(scenario.file, MAX_BYTES)
    except FileRefused:
        return None
    return raw if hashlib.sha256(raw).hexdigest() == scenario.sha256 else None


def _merge(results: Iterator[Tally], tallies: dict[str, Tally],
           progress: Callable[[str, int], None] | None) -> None:
    for part in results:  # in chunk order, so float sums come out the same for any number of jobs
        tallies[part.policy] += part
        if progress is not None:
            progress(part.policy, part.games)
