"""The report's chart: rows fine enough to show a one-point change, and every line within the width."""

from __future__ import annotations

import io

from game.engine import GameState, new_game, play_turn
from game.scenario import load
from game.tui.render import chart_scale, chart_text

from .conftest import BIG, TUTORIAL


def test_scale_of_whole_points() -> None:
    # 72.5 and 73.7 (a change of 1.2): from 71 to 75, one point a row.
    assert chart_scale([73.7, 72.5]) == (71.0, 1.0, 4)
    # A span of 40 points in at most 12 rows: 4 points a row (from 41 to 87 is 46 points, 12 rows).
    assert chart_scale([42.8, 76.1, 85.2]) == (41.0, 4.0, 12)


def _column_heights(chart: str, columns: int) -> list[int]:
    rows = [line for line in chart.splitlines() if "┤" in line]
    body = [line.split("┤", 1)[1] for line in rows]
    width = 6
    return [sum(1 for line in body if line[k * width:(k + 1) * width].strip()) for k in range(columns)]


def test_a_change_of_a_point_and_a_bit_shows() -> None:
    sc = load(TUTORIAL)
    state = new_game(sc, 1980, "standard")
    choices = dict(zip([c.uid for c in state.cards if sc.countries[c.country].acts],
                       ["expose", "economic_care", "explain", "explain"], strict=True))
    state, _ = play_turn(state, choices)
    assert [round(h.cohesion, 1) for h in state.history] == [72.5]
    heights = _column_heights(chart_text(state, "alignment", 80).plain, 2)
    assert heights[0] == heights[1] + 1  # 73.7 reaches the 73-74 row, 72.5 does not


def test_a_whole_year_fits_80_columns() -> None:
    sc = load(BIG)
    state = new_game(sc, 1980, "standard")
    while not state.over:
        state, _ = play_turn(state, {})
    text = chart_text(state, "alignment", 78).plain
    assert max(len(line) for line in text.splitlines()) <= 78
    assert "Bloc cohesion" in text and "Poland " in text and "PNR" not in text


def test_the_month_says_what_its_opening_added_to_capital() -> None:
    from game.scenario import resolve
    from game.tui.render import opening_text

    sc = load(resolve("directive-1980"))
    state = new_game(sc, 1980, "standard")
    while sc.month_label(state.turn) != "June 1980":
        assert opening_text(state).plain == "" or "capital" not in opening_text(state).plain.lower()
        state, _ = play_turn(state, {})
    # The 11th Interkit meeting (11 June 1980) gives 2 capital on top of the month's allowance.
    text = opening_text(state).plain
    # It also moves Vietnam's alignment (+2: 86.9 after May's rules, worked out from May's report), which
    # moves cohesion after May's report was written (71.86 -> 72.04; shown as the change of the shown numbers,
    # 71.9 -> 72): the dashboard says so, so its numbers add up to the report's.
    assert text == ("This month opened with The 11th Interkit meeting (event, directive-1980.toml line 770): "
                    "Political capital 9 -> 11 ▲+2; Vietnam Alignment 86.9 -> 88.9 ▲+2. Cohesion 71.9 -> 72 ▲+0.1.")


def test_the_month_names_each_opening_event_once_with_its_share_of_a_change_made_by_two() -> None:
    from game.scenario import resolve
    from game.tui.render import opening_text

    sc = load(resolve("directive-1980"))
    state = new_game(sc, 1980, "standard")
    while sc.month_label(state.turn) != "August 1980":
        state, _ = play_turn(state, {})
    # August 1980 opens with the strike at Gdańsk (Poland: stability -14, resentment +6) and the Gdańsk
    # Agreement (Poland: stability +4). Stability moved once, by both: told under the strike, with each share;
    # the agreement is named there and nowhere else. 60 and 36 are where July's report left Poland.
    assert opening_text(state).plain == (
        "This month opened with Strike at Gdańsk (event, directive-1980.toml line 786): Poland Stability 60 -> 50 "
        "▼-10 (this event -14, The Gdańsk Agreement (event, directive-1980.toml line 820) +4); "
        "Poland Resentment 36 -> 42 ▲+6.")
    poland = [c.id for c in sc.countries].index("poland")
    assert state.history[-1].values[poland][3] == 60  # stability at the end of July, as the text says


def test_status_line_counts_the_economy_against_the_year_and_warns_early() -> None:
    from game.engine import Respond, apply
    from game.tui.render import status_line

    sc = load(BIG)
    state = new_game(sc, 1980, "standard")
    assert "Economy 14 of 14 for the year" in status_line(state, 200).plain
    acting = [c.uid for c in state.cards if sc.countries[c.country].acts]
    for uid in acting[:3]:  # three engagements: 6 of 14 in March
        state, _ = apply(state, Respond(uid, "engage"))
    text = status_line(state, 78).plain
    assert "Economy 8 of 14 for the year" in text
    # 6 a month: the 8 left pay for April, and May cannot be paid, seven months before the year ends.
    assert text.splitlines()[-1] == "! At the pace so far, no economy will be left for May 1980 (month 3 of 12)."
    assert max(len(line) for line in text.splitlines()) <= 78


def test_a_card_whose_effects_read_the_post_says_what_they_do_there_now() -> None:
    from game.engine.report import effects_now
    from game.scenario import resolve
    from game.text import effects_text

    sc = load(resolve("beijing-1980"))
    state = new_game(sc, 1980, "standard")
    gdr = next(d for d in state.cards if sc.countries[d.country].id == "gdr")
    card = sc.card(gdr.card)
    # Berlin starts with China ties 6: the card takes 1.5 + 6 / 12 = 2 of them; its other effects are numbers.
    assert effects_text(sc, card.effects, effects_now(state, card.effects, gdr.country)) == (
        "China ties -2 (here, now: -(1.5 + china_ties / 12)); Openness -1; Resentment of Soviet pressure +3")
    # Without a post, the rule as the scenario writes it.
    assert effects_text(sc, card.effects).startswith("China ties -(1.5 + china_ties / 12); Openness -1")


def _tutorial_debrief(width: int, record: str) -> tuple[GameState, str]:
    """A tutorial game (seed 1980) with every card left to its default, and its debrief as the TUI draws it
    at ``width`` columns, the record named ``record``."""
    from rich.console import Console

    from game.tui.render import debrief_text

    state = new_game(load(TUTORIAL), 1980, "standard")
    while not state.over:
        state, _ = play_turn(state, {})
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(debrief_text(state, record))
    return state, console.export_text()


def test_the_debrief_gives_the_score_once() -> None:
    """The computed score sentence, and not the scenario's explanation of the score after it (the new-game
    screen shows that)."""
    state, text = _tutorial_debrief(200, "game.json")
    sc = state.scenario
    shown = " ".join(text.split())
    assert shown.count(f"Score {state.score}: ") == 1
    assert " ".join(sc.score_text.split()) not in shown
    assert "plus the ending's bonus" in shown and shown.count("ending's bonus") == 1


def test_a_ranged_amount_is_shown_as_a_range_and_the_report_names_the_range_of_a_draw() -> None:
    """tests/fixtures/scenarios/ranges.toml, seed 7: the option's preview gives the range; month 2's report, after
    "press" on the strike, gives the drawn change with its range (-4 + 12 u, u the first number of the stream
    (7, 2, "a", "range:strike"): +1.7)."""
    from pathlib import Path

    from rich.console import Console

    from game.engine.report import month_report
    from game.tui.render import report_text, response_detail

    sc = load(Path(__file__).parents[1] / "fixtures" / "scenarios" / "ranges.toml")
    state, _ = play_turn(new_game(sc, 7), {})
    assert response_detail(state, sc.response("strike.press")).plain == \
        "Press for a hard line: Stability -4 to +8 (by chance); Resentment +4."
    after, events = play_turn(state, {"t2-a-strike": "strike.press"})
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(report_text(after, month_report(state, events)))
    assert "+1.7  Press for a hard line (your response, drawn from -4 to +8)" in out.getvalue()


def test_the_debriefs_record_path_and_command_break_only_after_a_slash_or_at_a_space() -> None:
    """At 60 columns (58 after the indent) a long record path went on over the edge and was cut in the middle
    of a folder's name, and the command was split between 'replay' and its file the same way. Now each line
    ends after a '/' or at a space, as many parts on a line as fit (lines worked out by hand: the path's first
    48 characters end at 'ambassador-records/', and 'spring-term/' would make 60)."""
    from rich.console import Console

    from game.scenario import resolve
    from game.tui.render import debrief_text

    sc = load(resolve("tutorial"))  # bundled: the command names no --scenario
    state = new_game(sc, 1980, "standard")
    while not state.over:
        state, _ = play_turn(state, {})
    path = "/srv/school/history-year-ten/ambassador-records/spring-term/2026-12-02-anna-petrova.json"
    console = Console(width=60, record=True, file=io.StringIO())
    console.print(debrief_text(state, path))
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    end = lines[lines.index("Your game record is saved in") + 1:]
    assert end == ["  /srv/school/history-year-ten/ambassador-records/",
                   "  spring-term/2026-12-02-anna-petrova.json",
                   "  Check it with:",
                   "  ambassador replay /srv/school/history-year-ten/",
                   "  ambassador-records/spring-term/",
                   "  2026-12-02-anna-petrova.json"], end


def test_a_path_keeps_its_leading_slash_and_a_part_too_long_for_a_line_is_cut() -> None:
    from game.tui.render import PathLines

    # 'ambassador replay a.json ' is 25 characters: '--scenario' makes 35, so it starts the next line, with its
    # path's leading '/' (a break after the bare '/' put '--scenario /' on one line and the folders on the next).
    assert PathLines("ambassador replay a.json --scenario /srv/x/y.toml").lines(30) == [
        "ambassador replay a.json", "--scenario /srv/x/y.toml"]
    assert PathLines("ambassador replay /srv/abc/y.json").lines(22) == ["ambassador replay", "/srv/abc/y.json"]
    # 14 columns less the indent: 12; a name of 26 characters is cut into 12, 12 and 2.
    assert PathLines("/records/averyveryverylongname.json", indent=2).lines(14) == [
        "/records/", "averyveryver", "ylongname.js", "on"]


def test_a_change_of_ten_or_more_keeps_the_overview_columns() -> None:
    """'▼-11.3' is one cell wider than '▼-2.5': it takes the gap after it, and the next value's bar stays under
    its header (it pushed every column after it one cell to the right, seen at 80x24 in a teacher's scenario)."""
    import dataclasses

    from game.tui.render import NAME_W, country_row, overview_columns

    sc = load(TUTORIAL)
    state = new_game(sc, 1980, "standard")
    ci = next(k for k, c in enumerate(sc.countries) if c.acts)
    values = [list(row) for row in state.values]
    values[ci][0] += 11.3  # alignment fell by 11.3 since then
    values[ci][1] -= 9     # ties rose by 9
    previous = dataclasses.replace(state, values=tuple(tuple(row) for row in values))
    row = country_row(state, previous, ci, 80).plain
    name_w, col = overview_columns(80)
    assert (name_w, col) == (NAME_W, 15)
    cells = [row[name_w + k * col:name_w + (k + 1) * col] for k in range(4)]
    assert cells[0].endswith("▼-11.3"), cells
    assert cells[1].endswith("▲+9   ") and cells[1][:3].strip("█▇▆▅▄▃▂▁░") == "", cells  # a bar, in its column
    assert len(row.rstrip()) <= name_w + 4 * col


def test_the_debriefs_headings_read_as_the_plain_games() -> None:
    """The debrief's sections are called what the plain game calls them (its golden, tests/plain/golden:
    'What you set out to learn:', 'Questions for discussion:', 'Your game record is saved in:'); the TUI said
    'Learning objectives' and 'The game record was saved to'."""
    lines = [line.rstrip() for line in _tutorial_debrief(80, "/records/ada.json")[1].splitlines()]
    for heading in ("What you set out to learn", "Questions for discussion", "Your game record is saved in"):
        assert heading in lines, heading
