"""The debrief's numbers: which comparisons of an ending failed and by how much, the causes summed over the
game, and the score split. Known answers worked out by hand."""

from __future__ import annotations

from pathlib import Path

from game.engine import new_game, play_turn
from game.engine.debrief import Part, Reach, Shortfall, debrief
from game.engine.expr import Env, Names, parse
from game.scenario import load

TUTORIAL = Path(__file__).resolve().parents[1] / "tui" / "fixtures" / "tutorial.toml"
NAMES = Names(("gdr", "poland"), in_country=False)


def _env(gdr_alignment: float, poland_resentment: float, climate: float) -> Env:
    # Two countries of equal weight: cohesion is the mean of the two alignments (poland's is 60).
    rows = [[gdr_alignment, 0.0, 0.0, 0.0], [60.0, 0.0, poland_resentment, 0.0]]
    return Env(rows, [climate, 0.0, 0.0, 3.0, 3.0, 5.0, 1980.0], [1.0, 1.0])


def _failures(text: str, env: Env) -> list[Shortfall]:
    node, _ = parse(text, NAMES, Reach(NAMES.countries))
    return node.failures(env)


def test_each_failed_comparison_with_its_value_and_target() -> None:
    cond = "cohesion >= 72.5 and poland.resentment <= 45"
    # cohesion (80 + 60) / 2 = 70: 2.5 short; resentment 50: 5 over.
    assert _failures(cond, _env(80, 50, 40)) == [Shortfall("cohesion", 70, ">=", 72.5),
                                                 Shortfall("poland.resentment", 50, "<=", 45)]
    assert [s.gap for s in _failures(cond, _env(80, 50, 40))] == [2.5, 5]
    assert _failures(cond, _env(90, 40, 40)) == []  # cohesion 75: both hold
    assert _failures(cond, _env(90, 46, 40)) == [Shortfall("poland.resentment", 46, "<=", 45)]


def test_or_reports_the_nearer_side_and_constants_stay_targets() -> None:
    cond = "(cohesion >= 72.5 and gdr.alignment >= 95) or 50 < climate"
    # Left side fails twice (cohesion 70, gdr 80); the right side once (climate 40, needs above 50).
    assert _failures(cond, _env(80, 0, 40)) == [Shortfall("climate", 40, ">", 50)]
    assert _failures(cond, _env(80, 0, 51)) == []
    assert _failures("climate + 5 >= 60", _env(80, 0, 40)) == [Shortfall("climate + 5", 45, ">=", 60)]


def test_debrief_of_a_whole_tutorial_game() -> None:
    sc = load(TUTORIAL)
    state = new_game(sc, 1980, "standard")
    poland_cards = 0
    while not state.over:
        poland_cards += sum(1 for c in state.cards if sc.countries[c.country].id == "poland")
        state, _ = play_turn(state, {c.uid: "vigilance" for c in state.cards if sc.countries[c.country].acts})
    result = debrief(state)
    # The score is the mean of the month-end cohesion plus the bonus, rounded half up.
    mean = sum(h.cohesion for h in state.history) / 3
    assert result.cohesion == mean and result.score == int(mean + result.bonus + 0.5) == state.score
    assert result.bonus == sc.ending(state.ending or "").bonus
    # 'Control contacts' adds 5 resentment per card answered with it: at Poland, 5 per Polish card.
    poland = next(p for p in result.posts if p.country == "poland")
    control = [total for cause, var, total in poland.causes if cause.id == "vigilance" and var == "resentment"]
    assert control == [5.0 * poland_cards]
    # The endings, read against the final numbers directly.
    reach = {r.ending: r for r in result.endings}
    assert reach[state.ending or ""].reached
    final_cohesion = state.history[-1].cohesion
    expected = []
    if final_cohesion < 72.5:
        expected.append(Shortfall("cohesion", final_cohesion, ">=", 72.5))
    if state.value("poland", "resentment") > 45:
        expected.append(Shortfall("poland.resentment", state.value("poland", "resentment"), "<=", 45))
    assert list(reach["bloc_holds"].shortfalls) == expected and expected
    assert reach["beijing_gains"].fallback


def test_the_lowest_of_several_posts_is_named_by_the_post_that_gave_it() -> None:
    # gdr 80, poland 60: the lowest alignment is Poland's 60, 10 short of 70; the highest is the GDR's 80.
    assert _failures("min(gdr.alignment, poland.alignment) >= 70", _env(80, 0, 40)) == [
        Shortfall("min(gdr.alignment, poland.alignment)", 60, ">=", 70, ("min", "alignment", 2, "poland"))]
    assert _failures("max(gdr.alignment, poland.alignment) >= 90", _env(80, 0, 40)) == [
        Shortfall("max(gdr.alignment, poland.alignment)", 80, ">=", 90, ("max", "alignment", 2, "gdr"))]
    # Not one value at several posts: the scenario's own words, as before.
    assert _failures("min(gdr.alignment, climate) >= 70", _env(80, 0, 40)) == [
        Shortfall("min(gdr.alignment, climate)", 40, ">=", 70)]


def test_the_debrief_names_the_post_at_the_bottom_instead_of_printing_the_condition() -> None:
    from game.text import shortfall_text

    sc = load(TUTORIAL)
    low = Shortfall("min(gdr.alignment, poland.alignment)", 60, ">=", 70, ("min", "alignment", 2, "poland"))
    assert shortfall_text(sc, low) == "Alignment in Poland (lowest of 2 posts) 60, needed at least 70 (10 away)"


def test_a_count_of_conditions_says_how_many_held_and_which() -> None:
    """'At least two of three': with the GDR's alignment 80, Poland's 60 and the climate 40, only Poland's
    comparison holds (60 >= 50); the GDR's is 5 short of 85 and the climate 10 short of above 50. So 1 held,
    and 2 were needed."""
    from game.text import shortfall_text

    cond = "(gdr.alignment >= 85) + (poland.alignment >= 50) + (climate > 50) >= 2"
    count = Shortfall("gdr.alignment >= 85 + poland.alignment >= 50 + climate > 50", 1, ">=", 2, parts=(
        Part(False, (Shortfall("gdr.alignment", 80, ">=", 85),), "gdr.alignment >= 85"),
        Part(True, (Shortfall("poland.alignment", 60, ">=", 50),), "poland.alignment >= 50"),
        Part(False, (Shortfall("climate", 40, ">", 50),), "climate > 50")))
    assert _failures(cond, _env(80, 0, 40)) == [count]
    assert _failures(cond, _env(90, 0, 40)) == []  # the GDR's 90 makes two
    sc = load(TUTORIAL)
    assert shortfall_text(sc, count) == (
        "1 of these 3 held, needed at least 2 — held: Alignment in Poland 60 (needed at least 50) — not held: "
        "Alignment in East Germany 80 (needed at least 85, 5 away), International climate 40 (needed above 50, "
        "10 away)")


def test_a_counted_condition_of_several_comparisons() -> None:
    """A part joined by 'and' shows the comparisons that made it hold, or the ones it failed; one the debrief
    cannot take apart ('or' that held) shows as written. Climate 40, the GDR 80, Poland 60."""
    cond = "(gdr.alignment >= 70 and climate >= 30) + (poland.alignment > 65 or climate > 35) + " \
           "(climate < 20 and poland.alignment < 50) >= 3"
    (count,) = _failures(cond, _env(80, 0, 40))
    assert (count.value, count.op, count.target) == (2, ">=", 3)
    assert count.parts == (
        Part(True, (Shortfall("gdr.alignment", 80, ">=", 70), Shortfall("climate", 40, ">=", 30)),
             "gdr.alignment >= 70 and climate >= 30"),
        Part(True, (), "poland.alignment > 65 or climate > 35"),
        Part(False, (Shortfall("climate", 40, "<", 20), Shortfall("poland.alignment", 60, "<", 50)),
             "climate < 20 and poland.alignment < 50"))


def test_a_sum_that_is_not_a_count_stays_as_written() -> None:
    (plain,) = _failures("1 + (gdr.alignment >= 85) >= 2", _env(80, 0, 40))
    assert plain.parts == () and plain.subject == "1 + gdr.alignment >= 85"
