"""Whatever a scenario file holds, checking it never raises and never hangs, and every problem has a place;
and a scenario that validates plays and simulates to its end with finite numbers throughout.

The tutorial is mutated the ways files really break (lines deleted, duplicated, truncated; values swapped
between keys; stray brackets, quotes and bytes typed in), by hypothesis and by a fixed-seed random loop.
Every mutation that still validates is played (one game shown event by event with the greedy policy, the one
that crashed on NaN capital; one resolved the fast way with random answers) and simulated with every
policy, lockstep blocks included.
"""

from __future__ import annotations

import math
import random
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import GameState, Scenario, new_game, play_turn
from game.scenario import check_bytes
from game.sim import batch
from game.sim.policies import available, make_policy

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_bytes()
LINES = TUTORIAL.split(b"\n")
PROBLEM = re.compile(r"^.+:\d+: ")
#: Fragments that break TOML or expressions in interesting ways.
SNIPPETS = [b"[", b"]", b"{", b"}", b'"', b"'", b'"""', b"'''", b"=", b"#", b".", b",", b"\\", b"(", b")",
            b"-", b"1e999", b"99999999999999999999", b"nan", b"inf", b"true", b"[[x]]", b"a.b.c = 1", b"\t",
            b"\r", b"\xff", b"\x00", b"\xc3", b"\xef\xbb\xbf", b"&&", b"==", b"+=", b"not", b"poland.", b"1980-13"]


def assert_finite(state: GameState) -> None:
    numbers = [state.climate, state.capital, state.economy, *(v for row in state.values for v in row)]
    assert all(math.isfinite(x) for x in numbers), numbers


def assert_playable(scenario: Scenario) -> None:
    """Play the scenario to its end the two ways the engine resolves a month, then simulate it with every
    policy it knows (a few games each, in this process)."""
    for policy, explain in (("greedy", True), ("random", False)):
        state = new_game(scenario, seed=7)
        plan = make_policy(policy, scenario).plan
        while not state.over:
            assert_finite(state)
            choices, launched = plan(state)
            state, _ = play_turn(state, choices, launched, explain=explain)
        assert_finite(state)
        assert state.ending is not None and state.score is not None
    names = tuple(name for name, _ in available(scenario))
    settings = batch.Settings(games=4, seed=5, policies=names, slow_games=1, rollouts=1, samples=1)
    for tally in batch.run(scenario, settings, jobs=1).values():
        assert tally.games >= 1
        assert all(math.isfinite(a) for a in tally.final_alignment), tally.final_alignment


#: The documents (their TOML values) this process has already played: most mutations that still validate
#: only touched a comment, a blank line or a line's place (half of the seeded ones leave the tutorial's
#: values), and a document plays as its values say, wherever its lines stand.
_PLAYED: set[str] = set()


def assert_well_behaved(data: bytes, *, play: bool = True) -> bool:
    """Check ``data`` as above; whether it loaded (a scenario, no problems)."""
    # A check that loops is caught by the per-test timeout ([tool.pytest.ini_options] timeout), not by a clock
    # here: tests never assert on wall-clock time.
    scenario, problems = check_bytes(data, "fuzz.toml")
    if scenario is None:
        assert problems, "a scenario that does not load must say why"
    else:
        assert problems == []
        values = repr(tomllib.loads(data.decode("utf-8").removeprefix("\ufeff")))
        if play and values not in _PLAYED:
            assert_playable(scenario)
            _PLAYED.add(values)  # only once it has played: a failing document fails again when replayed
    for problem in problems:
        text = str(problem)
        assert PROBLEM.match(text), text
        assert "\n" not in text, text
        assert problem.line >= 1
    return scenario is not None


def mutate(rng: random.Random, steps: int) -> bytes:
    lines = list(LINES)
    for _ in range(steps):
        if not lines:
            lines = [b""]
        op = rng.randrange(7)
        k = rng.randrange(len(lines))
        if op == 0:
            del lines[k]
        elif op == 1:
            lines.insert(k, lines[rng.randrange(len(lines))])
        elif op == 2:
            j = rng.randrange(len(lines))
            if b"=" in lines[k] and b"=" in lines[j]:
                key_a, value_a = lines[k].split(b"=", 1)
                key_b, value_b = lines[j].split(b"=", 1)
                lines[k], lines[j] = key_a + b"=" + value_b, key_b + b"=" + value_a
        elif op == 3:
            cut = rng.randint(0, len(lines[k]))
            garbage = bytes(rng.randrange(256) for _ in range(rng.randint(1, 5)))
            lines[k] = lines[k][:cut] + garbage + lines[k][cut:]
        elif op == 4:
            cut = rng.randint(0, len(lines[k]))
            lines[k] = lines[k][:cut] + rng.choice(SNIPPETS) + lines[k][cut:]
        elif op == 5:
            lines = lines[:max(k, 1)]
        else:
            lines[k] = lines[k][:rng.randint(0, len(lines[k]))]
    return b"\n".join(lines)


def test_the_tutorial_itself_is_clean() -> None:
    scenario, problems = check_bytes(TUTORIAL, "tutorial.toml")
    assert problems == []
    assert scenario is not None
    assert_playable(scenario)


#: Seeded mutations, in slices the test runner can spread over its workers.
MUTATIONS = 1500
SLICES = 4


@pytest.mark.slow
@pytest.mark.parametrize("part", range(SLICES))
def test_seeded_mutations(part: int) -> None:
    loaded = tried = 0
    for seed in range(part, MUTATIONS, SLICES):
        rng = random.Random(seed)
        data = mutate(rng, rng.randint(1, 8))
        loaded += assert_well_behaved(data)  # checked once: the check is most of this test's time
        tried += 1
    # Some mutations are harmless (a comment truncated): the loop must not only ever produce failures.
    assert 0 < loaded < tried


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), steps=st.integers(1, 12))
def test_hypothesis_mutations(seed: int, steps: int) -> None:
    assert_well_behaved(mutate(random.Random(seed), steps))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(position=st.integers(0, len(TUTORIAL)), junk=st.binary(min_size=1, max_size=8))
def test_bytes_inserted_anywhere(position: int, junk: bytes) -> None:
    assert_well_behaved(TUTORIAL[:position] + junk + TUTORIAL[position:])


@settings(max_examples=100, deadline=None, derandomize=True)
@given(position=st.integers(0, len(TUTORIAL)))
def test_truncated_anywhere(position: int) -> None:
    assert_well_behaved(TUTORIAL[:position])


@settings(max_examples=150, deadline=None, derandomize=True)
@given(text=st.text(max_size=200))
def test_any_text(text: str) -> None:
    assert_well_behaved(text.encode("utf-8", errors="surrogatepass"))


@pytest.mark.slow
@settings(max_examples=150, deadline=None, derandomize=True)
@given(expression=st.lists(st.sampled_from(
    ["(", ")", "+", "-", "*", "/", "<", ">", "=", "==", "+=", ";", ",", ".", " ", "and", "or", "not", "min",
     "clamp", "alignment", "climate", "cohesion", "turn", "poland", "1", "0", "2.5", "1000000", "&", "\\n", "'"]),
    max_size=25).map("".join))
def test_any_expression_in_a_card(expression: str) -> None:
    """Expressions end up in problems with their column, never in a traceback."""
    text = TUTORIAL.replace(b'weight = "1 + resentment / 40"', b'weight = "' + expression.encode() + b'"')
    text = text.replace(b'effects = "climate -= 2"', b'effects = "' + expression.encode() + b'"')
    assert_well_behaved(text)


#: 1e-300, written the only way the expression language allows: a number may be tiny, but not above 1e6.
TINY = "0." + "0" * 299 + "1"
#: Parts of arithmetic that can grow: the largest numbers allowed, tiny ones and their inverses (1e300: a
#: few more factors overflow to infinity, and infinity less infinity is NaN), values that can reach 0.
LEAVES = ["1000000", "999999.5", TINY, f"(1 / {TINY})", f"(1000000 / {TINY} * 1000000)", "0", "1", "2",
          "alignment", "resentment", "capital", "economy", "turn", "year", "cohesion", "poland.stability",
          "(turn - 1)", "(alignment - 50)", "(stability > 50)"]


def _arithmetic() -> st.SearchStrategy[str]:
    def grow(parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(parts, st.sampled_from(["+", "-", "*", "/", "*", "/"]), parts).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(st.sampled_from(["min", "max"]), parts, parts).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
            st.tuples(parts, parts, parts).map(lambda t: f"clamp({t[0]}, {t[1]}, {t[2]})"),
            parts.map(lambda p: f"-{p}"), parts.map(lambda p: f"abs({p})"),
            # The shapes that turn infinity into NaN.
            parts.map(lambda p: f"({p} - {p})"), parts.map(lambda p: f"(0 * {p})"),
            parts.map(lambda p: f"({p} / {p})"))
    return st.recursive(st.sampled_from(LEAVES), grow, max_leaves=10)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(numbers=st.lists(_arithmetic(), min_size=5, max_size=5))
def test_numbers_that_validate_stay_finite_in_play(numbers: list[str]) -> None:
    """Arithmetic that can overflow or divide by nearly 0, in every place a number is computed: the
    validator refuses it (game.engine.ranges), or the game plays and simulates to its end without an error
    and with finite numbers."""
    places = [(b'cards_per_turn = "1"', b'cards_per_turn = "{}"'),
              (b'weight = "1 + resentment / 40"', b'weight = "{}"'),
              (b'effects = "stability -= 2"', b'effects = "stability -= 2; capital = {}"'),
              (b'effects = "resentment -= 1"', b'effects = "alignment += {}"'),
              (b'when = "china_ties > 30"', b'when = "({}) > 30"')]
    text = TUTORIAL
    for (old, new), number in zip(places, numbers, strict=True):
        assert old in text
        text = text.replace(old, new.replace(b"{}", number.encode()), 1)
    assert_well_behaved(text)
