"""A scenario names its world ([words], [scenario] cohesion): with a scenario about another rival, no screen,
help, transcript or report may show the main scenario's words. The fixture (tests/fixtures/scenarios/
other-words.toml) is invented and uses none of them itself, so any that shows up was hard-coded by the game.

The TUI is walked through every screen at a size where each fits whole (checked) and read as drawn; the plain
game is played to the end with every command; the reports (simulate, compare) are read as text. Two screens
are also kept as snapshots at 80x24."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any, cast

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from game.engine import Scenario, new_game, play_turn
from game.records import from_state
from game.scenario import load
from game.tui import make_app
from game.tui.app import AmbassadorApp
from game.tui.dialogs import ConfirmScreen
from game.tui.screens import EndScreen, MonthScreen, PostScreen, ReportScreen

from .conftest import run_async

OTHER = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "other-words.toml"

#: The main scenario's words, as whole words in any case ("bloc", not "blocks").
FORBIDDEN = re.compile(r"\b(china|chinese|beijing|bloc|cohesion|directive|soviet|socialist|moscow|cmea|cpsu)\b",
                       re.IGNORECASE)
#: Words of the fixture each walk must show, so that a walk that shows nothing cannot pass.
EXPECTED = ("Ruritania", "League unity", "treaty article", "Loyalty", "Grievance", "goodwill", "Ruritanian ties")


#: Where this checkout is: screens print file paths (the replay command), and a checkout's own folder may be
#: named with one of the words (a worktree called "beijing"); the path is the machine's, not the game's wording.
CHECKOUT = str(Path(__file__).resolve().parents[2])


def forbidden(text: str) -> list[str]:
    """The main scenario's words in ``text`` (the checkout's path aside), each with the line it is on."""
    text = text.replace(CHECKOUT, "<checkout>")
    return [f"{m.group(0)!r} in: {line.strip()}" for line in text.splitlines() for m in FORBIDDEN.finditer(line)]


def screen_text(app: AmbassadorApp) -> str:
    """The text of the screen as drawn, a line of the terminal per line: the lines ``App.export_screenshot``
    draws its SVG from (the screen's full update over the screens behind it), read as text without the SVG.
    Textual has no public call for them; the two private names are export_screenshot's own."""
    from textual._compositor import LayoutUpdate

    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, LayoutUpdate)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


def fits(app: AmbassadorApp) -> bool:
    """Whether every scrolling part of the screen shows all it holds (nothing to scroll to)."""
    from textual.containers import ScrollableContainer
    from textual.scroll_view import ScrollView

    return all(w.max_scroll_y == 0 and w.max_scroll_x == 0 for w in app.screen.query("*")
               if isinstance(w, ScrollableContainer | ScrollView))


#: The size the TUI is walked at: wide and tall enough for every screen to show all its text (the longest, a
#: month's report, is 73 lines); ``fits`` checks it at every screen.
WALK = (160, 80)


@pytest.fixture(scope="module")
def other() -> Scenario:
    return load(OTHER)


#: Keys whose text is an expression: it names values by their keys ("china_ties", "cohesion"), never shown as such.
_EXPRESSIONS = {"when", "effects", "cohesion", "cards_per_turn", "weight", "outcome_when"}


def _texts(node: object, key: str = "") -> list[str]:
    if isinstance(node, dict):
        return [t for k, v in node.items() for t in _texts(v, k)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v, key)]
    return [node] if isinstance(node, str) and key not in _EXPRESSIONS else []


def test_the_fixture_names_its_own_world(other: Scenario) -> None:
    """The fixture's own text has none of the words, so the walks below test the game, not the file."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    texts = _texts(tomllib.loads(OTHER.read_text(encoding="utf-8")))
    assert len(texts) > 50 and forbidden("\n".join(texts)) == []
    assert other.words.rival == "Ruritania" and other.cohesion is not None


@pytest.mark.slow
@run_async
async def test_every_tui_screen_speaks_the_scenarios_words(tmp_path: Path) -> None:
    app = make_app(str(OTHER), seed=7, player="Ada", record=tmp_path / "ada.json", blink=False,
                   stamp=lambda: "words")
    seen: list[tuple[str, str]] = []

    async def look(pilot: Pilot[Any], what: str) -> None:
        await pilot.pause()
        assert fits(app), f"the {what} screen does not fit in {WALK} (it scrolls): the walk would miss text"
        seen.append((what, screen_text(app)))

    async with app.run_test(size=WALK) as pilot:
        await look(pilot, "new game")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        await look(pilot, "month")
        for key, what in (("question_mark", "help"), ("g", "glossary"), ("r", "reader")):
            await pilot.press(key)
            await look(pilot, what)
            await pilot.press("escape")
            await pilot.pause()
        for command in app.get_system_commands(cast("Screen[object]", app.screen)):
            seen.append(("command palette", f"{command.title}: {command.help}"))
        while app.state is not None and not app.state.over:
            assert app.state is not None
            for c in app.state.scenario.countries:  # every post, the watched one and those without cards too
                app.push_screen(PostScreen(app.state, c.id))
                await look(pilot, f"post {c.id}, month {app.state.turn}")
                if c.acts:
                    for _ in app.state.cards_at(c.id):
                        await pilot.press("2")
                        await pilot.pause()
                    await look(pilot, f"post {c.id} answered")
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("end", "enter")  # the initiative
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
            if isinstance(app.screen, ConfirmScreen):
                await pilot.press("y")
                await pilot.pause()
            assert isinstance(app.screen, ReportScreen)
            await look(pilot, "report")
            for key in "1234":
                await pilot.press(key)
                await look(pilot, f"chart {key}")
            await pilot.press("enter")
            await pilot.pause()
            if isinstance(app.screen, MonthScreen):
                await look(pilot, f"month {app.state.turn if app.state else '?'}")
        assert isinstance(app.screen, EndScreen)
        await look(pilot, "debrief")
        await pilot.press("question_mark")
        await look(pilot, "help at the end")

    bad = [f"{what}: {hit}" for what, text in seen for hit in forbidden(text)]
    assert bad == []
    shown = "\n".join(text for _, text in seen)
    for word in EXPECTED:
        assert word in shown, word


def test_the_plain_transcript_speaks_the_scenarios_words(home: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from game.plain import run

    monkeypatch.chdir(tmp_path)
    # Every command at the first question of each month (help, glossary, sources, review, the initiative),
    # then the second response on every card, then the end of the month.
    month = ["?", "g", "s", "r", "c", "1", *(["2"] * 6), "e", "y"]
    script = "".join(f"{line}\n" for line in month * 3)
    args = argparse.Namespace(scenario=str(OTHER), plain=True, seed=7, name="Ada", difficulty="",
                              record=Path("ada.json"), resume=False)
    out, err = io.StringIO(), io.StringIO()
    code = run(args, io.StringIO(script), out, err)
    transcript = out.getvalue()
    assert code == 0, err.getvalue()
    assert "The end:" in transcript  # played to the debrief
    assert forbidden(transcript + err.getvalue()) == []
    for word in EXPECTED:
        assert word in transcript, word


def test_reports_speak_the_scenarios_words(other: Scenario, ambassador: Any, tmp_path: Path) -> None:
    """simulate's balance report and compare's class page, from games of the fixture."""
    sim = ambassador("simulate", str(OTHER), "--games", "40", "--policy", "ignore", "greedy", "random", "--jobs",
                     "1")
    assert sim.returncode == 0, sim.stderr
    assert forbidden(sim.stdout) == []
    assert "mean league unity" in sim.stdout
    assert "\nFinal loyalty per country (mean at the end" in sim.stdout  # the value's own name, not 'alignment'
    from game.records import write_record

    records = []
    for name, answer in (("Ada", "remind"), ("Ben", "ignore")):  # the same game, answered two ways
        state = new_game(other, 3)
        while not state.over:
            state, _ = play_turn(state, {d.uid: answer for d in state.cards if other.countries[d.country].acts})
        records.append(tmp_path / f"{name}.json")
        write_record(records[-1], from_state(state, name))
    page = tmp_path / "class.html"
    done = ambassador("compare", *map(str, records), "--scenario", str(OTHER), "--html", str(page))
    assert done.returncode == 0, done.stderr
    assert forbidden(done.stdout + page.read_text(encoding="utf-8")) == []
    assert "League unity month by month" in page.read_text(encoding="utf-8")
    header = next(line for line in done.stdout.splitlines() if line.startswith("player"))
    assert header.split()[3] == "unity" and "loyalty after:" in done.stdout  # the table, the divergences


SIZE = (80, 24)


def other_app() -> Any:
    return make_app(str(OTHER), seed=7, player="Ada", blink=False, stamp=lambda: "snapshot")


def test_month_snapshot(snap_compare: Any) -> None:
    assert snap_compare(other_app(), press=["enter"], terminal_size=SIZE)


def test_post_snapshot(snap_compare: Any) -> None:
    assert snap_compare(other_app(), press=["enter", "n"], terminal_size=SIZE)


@run_async
async def test_a_rival_named_with_an_article_starts_a_line_with_a_capital(tmp_path: Path) -> None:
    """[words] are written as they read inside a sentence ("the Delta Combine"); where one starts a line, the
    post page capitalises it as the plain briefing does ("The Delta Combine's approach: Courted openly."), and no
    line of the post page, a report or the debrief starts with "the Delta"."""
    from rich.console import Console
    from textual.widgets import Static

    from game.engine.report import month_report
    from game.tui.render import debrief_text, report_text

    scenario = tmp_path / "article.toml"
    scenario.write_text(OTHER.read_text(encoding="utf-8").replace('rival = "Ruritania"',
                                                                   'rival = "the Delta Combine"', 1),
                        encoding="utf-8")
    app = make_app(str(scenario), seed=3, blink=False)
    heads = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.state is not None
        for c in app.state.scenario.countries:
            app.push_screen(PostScreen(app.state, c.id))
            await pilot.pause()
            heads.append(str(app.screen.query_one("#post-head", Static).render()))
            await pilot.press("escape")
            await pilot.pause()
    assert any("\nThe Delta Combine's approach: " in head for head in heads), heads
    sc = load(scenario)
    state = new_game(sc, 3)
    console = Console(width=100, record=True, file=io.StringIO())
    while not state.over:
        before = state
        state, events = play_turn(state, {})
        console.print(report_text(state, month_report(before, events)))
    console.print(debrief_text(state, "game.json"))
    lines = [line.strip() for text in [*heads, console.export_text()] for line in text.splitlines()]
    assert "What the Delta Combine did" in lines  # inside a heading it stays as written
    assert not [line for line in lines if line.startswith("the Delta")]


def test_a_debrief_without_history_does_not_promise_it() -> None:
    """tests/fixtures/scenarios/mini.toml names no history, aftermath or outcome at any post: the TUI's debrief
    heads the posts 'Your result at every post', as the plain debrief does (it said 'Your posts beside
    history'); the other-words fixture, which names them, keeps history in its heading."""
    from rich.console import Console

    from game.tui.render import debrief_text

    def debrief_of(path: Path) -> str:
        state = new_game(load(path), 1)
        while not state.over:
            state, _ = play_turn(state, {})
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(debrief_text(state, "game.json"))
        return console.export_text()

    mini = debrief_of(OTHER.parent / "mini.toml")
    assert "\nYour result at every post\n" in mini
    assert "histor" not in mini.lower() and "really happened" not in mini
    other = debrief_of(OTHER)
    assert "\nYour year against history\n" in other or "beside what really happened\n" in other, other
