"""Whatever a scenario file holds, checking it never raises and never hangs, and every problem has a place.

The tutorial is mutated the ways files really break (lines deleted, duplicated, truncated; values swapped
between keys; stray brackets, quotes and bytes typed in), by hypothesis and by a fixed-seed random loop.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import check_bytes

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_bytes()
LINES = TUTORIAL.split(b"\n")
PROBLEM = re.compile(r"^.+:\d+: ")
#: Fragments that break TOML or expressions in interesting ways.
SNIPPETS = [b"[", b"]", b"{", b"}", b'"', b"'", b'"""', b"'''", b"=", b"#", b".", b",", b"\\", b"(", b")",
            b"-", b"1e999", b"99999999999999999999", b"nan", b"inf", b"true", b"[[x]]", b"a.b.c = 1", b"\t",
            b"\r", b"\xff", b"\x00", b"\xc3", b"\xef\xbb\xbf", b"&&", b"==", b"+=", b"not", b"poland.", b"1980-13"]


def assert_well_behaved(data: bytes) -> None:
    # A check that loops is caught by the per-test timeout ([tool.pytest.ini_options] timeout), not by a clock
    # here: tests never assert on wall-clock time.
    scenario, problems = check_bytes(data, "fuzz.toml")
    if scenario is None:
        assert problems, "a scenario that does not load must say why"
    else:
        assert problems == []
    for problem in problems:
        text = str(problem)
        assert PROBLEM.match(text), text
        assert "\n" not in text, text
        assert problem.line >= 1


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


@pytest.mark.slow
def test_seeded_mutations() -> None:
    loaded = 0
    for seed in range(1500):
        rng = random.Random(seed)
        data = mutate(rng, rng.randint(1, 8))
        assert_well_behaved(data)
        loaded += check_bytes(data, "fuzz.toml")[0] is not None
    # Some mutations are harmless (a comment truncated): the loop must not only ever produce failures.
    assert 0 < loaded < 1500


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
