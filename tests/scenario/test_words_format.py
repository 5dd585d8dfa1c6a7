"""[words], [scenario] cohesion and the `source` reference: the defaults are the main scenario's wording and
numbers, a word left out follows the words it is made from, the aggregate is computed as written (worked out
by hand here), and bad words are reported with their line and key."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from game.engine import Scenario, new_game
from game.engine.data import DEFAULT_WORDS, Words
from game.engine.state import cohesion
from game.scenario import check_bytes, load
from game.scenario.catalog import bundled_entries

ROOT = Path(__file__).resolve().parents[1]
MINI = (ROOT / "fixtures" / "scenarios" / "mini.toml").read_text(encoding="utf-8")
OTHER = ROOT / "fixtures" / "scenarios" / "other-words.toml"


def _with(extra_scenario: str = "", words: str = "", text: str = MINI) -> tuple[Scenario | None, list[str]]:
    """mini.toml with lines added to [scenario] and a [words] table; (scenario or None, problems)."""
    changed = text.replace("max_cards = 1\n", f"max_cards = 1\n{extra_scenario}", 1)
    if words:
        changed = changed.replace("[resources]", f"[words]\n{words}\n[resources]", 1)
    sc, problems = check_bytes(changed.encode(), "w.toml")
    return sc, [str(p) for p in problems]


def _ok(extra_scenario: str = "", words: str = "") -> Scenario:
    sc, problems = _with(extra_scenario, words)
    assert sc is not None and problems == [], problems
    return sc


def test_the_bundled_scenarios_use_the_default_words_and_aggregate() -> None:
    for entry in bundled_entries():
        if entry.id not in ("directive-1980", "tutorial"):
            continue  # a new bundled scenario names its own world
        sc = load(entry.path)
        assert sc.words == DEFAULT_WORDS == Words()
        assert sc.cohesion is None  # the plain weighted mean of alignment, bit for bit as before


def test_the_default_words_are_todays_wording() -> None:
    w = DEFAULT_WORDS
    assert (w.rival, w.rival_adjective, w.rival_capital, w.aggregate, w.reference, w.afterwards) == \
        ("China", "Chinese", "Beijing", "bloc cohesion", "directive", "relations with China afterwards")
    assert w.values == ("alignment", "China ties", "resentment", "stability")


def test_a_word_left_out_follows_the_word_it_is_made_from() -> None:
    sc = _ok(words='rival = "Moscow"\naggregate = "pact unity"\nresentment = "distrust"\n'
                   'capital = "party favour"\neconomy = "aid budget"')
    w = sc.words
    assert (w.rival_adjective, w.rival_capital, w.countries, w.moves) == \
        ("Moscow", "Moscow", "the countries you watch over", "moves")
    assert w.afterwards == "relations with Moscow afterwards"  # the debrief's heading for each aftermath
    assert w.values == ("alignment", "Moscow ties", "distrust", "stability")
    assert w.values_short == ("Align", "Moscow", "Distru", "Stabil")  # set names cut to six, the others kept
    assert (w.aggregate_short, w.aggregate_phrase) == ("unity", "the pact unity")
    assert (w.capital_short, w.economy_short) == ("favour", "aid")
    assert w.reference == "directive" and w.climate == "international climate"  # nothing they follow was set
    assert sc.score_text == "Your score is the average pact unity over all months, plus the ending's bonus."


def test_the_aggregate_text_follows_the_expression_and_the_name_of_alignment() -> None:
    sc = _ok(words='alignment = "loyalty"')
    assert sc.words.aggregate_text == "the weighted average of loyalty at every post"
    sc = _ok('cohesion = "min(alignment, stability)"\n')
    assert sc.words.aggregate_text == \
        "the weighted average of min(alignment, stability) at every post"


def test_the_aggregate_is_the_weighted_mean_of_the_expression_worked_out_by_hand() -> None:
    # mini: a (weight 3): alignment 80, stability 60; b (weight 1): alignment 40, stability 50.
    sc = _ok('cohesion = "(alignment + stability) / 2"\n')
    state = new_game(sc, 1)
    rows = [tuple(r) for r in state.values]
    assert [(r[0], r[3]) for r in rows] == [(80.0, 60.0), (40.0, 50.0)]
    assert state.cohesion == (3 * 70 + 1 * 45) / 4 == 63.75
    # Each country's part is kept within 0 to 100: 160 counts as 100, and -20 as 0.
    sc = _ok('cohesion = "alignment * 2"\n')
    assert cohesion(sc, rows) == (3 * 100 + 1 * 80) / 4
    sc = _ok('cohesion = "alignment - 60"\n')
    assert cohesion(sc, rows) == (3 * 20 + 1 * 0) / 4


def test_the_default_aggregate_gives_the_same_numbers_as_the_weighted_mean_of_alignment() -> None:
    plain = _ok()
    written = _ok('cohesion = "alignment + 0"\n')  # the general path, on purpose
    for seed in range(5):
        a, b = new_game(plain, seed), new_game(written, seed)
        assert a.cohesion == b.cohesion == (3 * 80 + 1 * 40) / 4


def test_endings_read_the_scenarios_aggregate() -> None:
    sc = _ok('cohesion = "stability"\n')
    env = sc.env([list(r) for r in new_game(sc, 1).values], [50.0, 2.0, 3.0, 1.0, 2.0, 12.0, 1980.0])
    assert env.cohesion() == (3 * 60 + 1 * 50) / 4 == 57.5


@pytest.mark.parametrize(("expression", "message"), [
    ("alignment + climate", "the aggregate may read only the countries' values"),
    ("cohesion", "the aggregate may read only the countries' values"),
    ("50", "does not read any country's value"),
    ("alignment +", "at character"),
])
def test_a_bad_aggregate_is_reported_with_its_line(expression: str, message: str) -> None:
    _, problems = _with(f'cohesion = "{expression}"\n')
    assert len(problems) == 1
    assert problems[0].startswith("w.toml:10: scenario.cohesion: ") and message in problems[0], problems


@pytest.mark.parametrize(("line", "message"), [
    ('reference = "art[icle"', "without [ or ]"),
    ('rival = ""', "empty"),
    ('rival = "  "', "empty"),
    ('rival = " Moscow"', "spaces"),
    ('alignment_short = "Alignment"', "at most 6"),
    ('rivals = "Moscow"', "unknown key 'rivals'"),
    ("rival = 5", "in quotes"),
])
def test_a_bad_word_is_reported_with_file_line_and_key(line: str, message: str) -> None:
    _, problems = _with(words=line)
    key = line.split(" ", 1)[0]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"w.toml:12: words.{key}: ") and message in problems[0], problems


def test_source_is_optional_and_directive_is_its_old_spelling() -> None:
    sc = load(OTHER)
    assert sc.card("gifts").source == "Article 2"
    assert sc.card("fair").source == "Article 3"  # written `directive = "Article 3"`
    assert sc.card("guards").source == ""  # none given
    text = MINI.replace('directive = "Introduction"', 'directive = "Introduction"\nsource = "Article 1"', 1)
    assert text != MINI
    _, problems = check_bytes(text.encode(), "w.toml")
    assert [str(p).split(": ", 2)[1:] for p in problems] == \
        [["cards.push.directive", "both source and directive are given; directive is the old spelling of "
                                  "source: keep one of them"]]


def test_the_words_are_frozen_engine_data() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_WORDS.rival = "x"  # type: ignore[misc]


def test_simulate_averages_the_games_final_aggregate_when_the_scenario_sets_one(ambassador: Any,
                                                                                 tmp_path: Path) -> None:
    """The same aggregate written out ('alignment + 0', the general path: the mean of each game's final value)
    gives the report the number the default gives (the aggregate of the games' mean alignment)."""
    numbers: list[list[float]] = []
    for extra in ("", 'cohesion = "alignment + 0"\n'):
        path = tmp_path / f"w{len(numbers)}.toml"
        path.write_text(MINI.replace("max_cards = 1\n", f"max_cards = 1\n{extra}", 1), encoding="utf-8")
        done = ambassador("simulate", str(path), "--games", "30", "--policy", "ignore", "random", "--jobs", "1",
                          "--json")
        assert done.returncode == 0, done.stderr
        numbers.append([p["final_cohesion"] for p in json.loads(done.stdout)["policies"]])
    assert numbers[0] == pytest.approx(numbers[1], abs=1e-9)
    assert len(numbers[0]) == 2 and all(0 < n < 100 for n in numbers[0])


def test_the_engines_refusals_name_the_resources_by_the_scenarios_words() -> None:
    from game.engine import IllegalActionError, Launch, apply

    sc = load(OTHER)
    state = new_game(sc, 7)
    state = dataclasses.replace(state, capital=1.0)
    with pytest.raises(IllegalActionError) as refused:
        apply(state, Launch("council"))
    assert str(refused.value) == "League council costs 2 goodwill; you have 1 goodwill left this month and 4 aid left"
    main, _ = _with()
    assert main is not None
    with pytest.raises(IllegalActionError) as refused:
        apply(dataclasses.replace(new_game(main, 1), capital=0.0), Launch(main.initiatives[0].id))
    assert "; you have 0 capital left this month and 3 economy left" in str(refused.value)


#: [words] as a teacher writing about Belgrade sets them: the screens then say "Belgrade ties", "distrust" and
#: "bloc unity", and a teacher writes those names in an expression.
BELGRADE = 'rival = "Belgrade"\nresentment = "distrust"\naggregate = "bloc unity"'


@pytest.mark.parametrize(("before", "after", "message"), [
    ('effects = "alignment -= 10; china_ties += 4"', 'effects = "alignment -= 10; belgrade_ties += 4"',
     "cards.push.effects: at character 18 of the expression: unknown value 'belgrade_ties': [words] shows "
     "china_ties as \"Belgrade ties\", but expressions always name it china_ties"),
    ('when = "resentment >= 29"', 'when = "distrust >= 29"',
     "events.angry.when: at character 1 of the expression: unknown name 'distrust': [words] shows resentment "
     "as \"distrust\", but expressions always name it resentment"),
    ('when = "cohesion >= 70"', 'when = "bloc_unity >= 70"',
     "endings.good.when: at character 1 of the expression: unknown name 'bloc_unity': [words] shows cohesion "
     "as \"bloc unity\", but expressions always name it cohesion"),
])
def test_a_value_named_as_the_screens_show_it_is_told_its_name(before: str, after: str, message: str) -> None:
    assert MINI.count(before) == 1
    text = MINI.replace(before, after)
    sc, problems = _with(words=BELGRADE, text=text)
    line = text.splitlines().index(after) + 1 + len(BELGRADE.splitlines()) + 1  # [words] comes before the line
    assert (sc, problems) == (None, [f"w.toml:{line}: {message}"])


def test_without_words_an_unknown_name_lists_the_names() -> None:
    text = MINI.replace('when = "resentment >= 29"', 'when = "distrust >= 29"')
    _, problems = _with(text=text)
    assert problems[0].endswith("unknown name 'distrust' (known names: alignment, china_ties, resentment, "
                                "stability, climate, capital, economy, turn, turns, month, year, cohesion, and "
                                "COUNTRY.value)")
