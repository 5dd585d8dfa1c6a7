"""The small things a new student trips on: the tutorial first, typing a name at once, what 'n' says, the line
printed on quitting, the theme remembered between runs."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from game.records import autosave_path, read
from game.scenario import load
from game.scenario.catalog import ScenarioEntry
from game.tui import make_app
from game.tui.app import AmbassadorApp
from game.tui.screens import MonthScreen, NewGameScreen, PostScreen
from game.tui.title import TitleScreen

from .conftest import BIG, TUTORIAL, run_async, steps

TUTORIAL_HINTS = load(TUTORIAL).hints
ENTRIES = [ScenarioEntry("directive-1980", BIG, "The main game", 12, 9, "A year."),
           ScenarioEntry("tutorial", TUTORIAL, "Tutorial", 3, 3, "Five minutes.")]


@pytest.fixture
def main_game_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AmbassadorApp, "scenarios", lambda self: ENTRIES)


async def _highlighted_title_entry(app: AmbassadorApp) -> str:
    from textual.widgets import OptionList

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        menu = app.screen.query_one(OptionList)
        assert menu.highlighted is not None
        return menu.get_option_at_index(menu.highlighted).id or ""


@run_async
async def test_first_run_selects_the_tutorial(main_game_first: None) -> None:
    assert await _highlighted_title_entry(make_app(blink=False)) == f"play:{TUTORIAL}"


@run_async
async def test_after_a_finished_game_the_default_comes_first(main_game_first: None, home: Path) -> None:
    (home / "records").mkdir(parents=True)
    (home / "records" / "ada.json").write_text("{}", encoding="utf-8")
    assert await _highlighted_title_entry(make_app(blink=False)) == f"play:{BIG}"


@run_async
async def test_new_game_takes_the_name_at_once() -> None:
    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        await pilot.press(*"Bo", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        assert app.player == "Bo"


@run_async
async def test_n_names_the_open_card_of_this_post(monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    monkeypatch.setattr(app, "notify", lambda message, **kw: said.append(str(message)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n", "3", "n", "4")  # Berlin answered, then Warsaw's first card
        await pilot.pause()
        await pilot.press("n", "2")  # Ulan-Bator answered; back in Warsaw?
        await pilot.pause()
        assert isinstance(app.screen, PostScreen) and app.screen.country == "mongolia"
        await pilot.press("n")  # to Warsaw, where card 2 is open
        await pilot.pause()
        assert isinstance(app.screen, PostScreen) and app.screen.country == "poland"
        await pilot.press("n")
        await pilot.pause()
        assert said[-1] == "No other post has an open card; card 2 here is still open."
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert said[-1] == "Every card is answered. Press e to end the month."


@run_async
async def test_quitting_saves_and_says_how_to_continue() -> None:
    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n", "5")  # one card answered: something to lose
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    # the month's answers are kept (the autosave's resume entry): the words must not say they are lost
    assert app.farewell == ("Saved — continue with `ambassador play --resume` (March 1980, with this month's "
                            "answers so far).")
    assert read(autosave_path()).seed == 1980
    assert json.loads(autosave_path().read_text())["resume"]["choices"] == {"t1-gdr-1": "vigilance"}


@run_async
async def test_a_closed_terminal_saves_the_months_answers() -> None:
    """SIGHUP (the terminal window closed) saves as Ctrl+C does. Without the app's handler the test's own
    fallback gets the signal (so the test fails instead of killing its process)."""
    fallback: list[int] = []
    before = signal.signal(signal.SIGHUP, lambda signum, _frame: fallback.append(signum))
    try:
        app = make_app(str(TUTORIAL), seed=1980, blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await steps(pilot, "enter", ("n", "3"))
            os.kill(os.getpid(), signal.SIGHUP)
            while not autosave_path().exists() and not fallback:
                await pilot.pause()
    finally:
        signal.signal(signal.SIGHUP, before)
    assert fallback == []
    assert json.loads(autosave_path().read_text())["resume"]["choices"] == {"t1-gdr-1": "expose"}


@run_async
async def test_the_continue_entry_shows_an_odd_name_on_one_short_line() -> None:
    """A name typed with control characters, or 500 characters long, must not break the title screen's menu."""
    app = make_app(str(TUTORIAL), seed=1980, player="Zoë\x1b[31m\tשלום\n" + "é" * 500, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await steps(pilot, "enter", ("n", "3"), "ctrl+q")
    # by hand: the name as kept (records.clean_line: each control character a space, spaces run together) is
    # "Zoë [31m שלום " and the é: its first 40 characters (14 before the é), then "…"
    assert app.saved_game_summary() == ("Tutorial: Three Embassies, Spring 1980, month 1 (seed 1980, "
                                        "Zoë [31m שלום " + "é" * 26 + "…)")


@run_async
async def test_quitting_before_anything_is_played_saves_nothing_and_says_so() -> None:
    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.farewell == "Nothing saved: nothing played yet."
    assert not autosave_path().exists()


@run_async
async def test_the_title_screen_quits_without_a_farewell() -> None:
    app = make_app(blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.farewell == ""


@run_async
async def test_the_light_theme_is_remembered(home: Path) -> None:
    first: Any = make_app(blink=False)
    assert first.theme == "textual-dark"
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert first.theme == "textual-light"
    assert make_app(blink=False).theme == "textual-light"
    (home / "settings.json").write_text("not json", encoding="utf-8")
    assert make_app(blink=False).theme == "textual-dark"  # a spoilt settings file is ignored


@run_async
async def test_the_report_opens_without_the_months_toasts() -> None:
    """The month's toasts are gone; a notice given while the month is kept (the served game's "Tell your
    teacher") stays, even when it reaches the app before the report opens (here: at once)."""
    from textual.notifications import Notification

    from game.records import Record
    from game.tui.screens import ReportScreen

    app = make_app(str(TUTORIAL), seed=1980, blink=False)

    def sink(record: Record) -> None:
        if record.turns:
            app._notifications.add(Notification("kept: a notice", "", "error", 60))

    app.sink = sink
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.notify("a toast from the month", timeout=60)
        await pilot.pause()
        assert len(app._notifications) == 1
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert [n.message for n in app._notifications] == ["kept: a notice"]


@run_async
async def test_the_new_game_screen_stacks_on_a_narrow_terminal() -> None:
    """At 40 columns the introduction beside the 34-column form was a column one character wide; it goes below
    the form, as wide as the screen. At 80 the two stay side by side."""
    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(40, 15)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        form, intro = screen.query_one("#newgame-form").region, screen.query_one("#newgame-intro").region
        assert intro.width >= 36 and form.width >= 36, (form, intro)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        form, intro = screen.query_one("#newgame-form").region, screen.query_one("#newgame-intro").region
        assert form.width == 34 and intro.x == 34 and intro.y == form.y, (form, intro)


@run_async
async def test_a_named_save_keeps_the_months_answers_and_says_so(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """ctrl+s mid-month said 'Saved (finished months only)', yet the save holds this month's answers and
    loading it brings them back."""
    said: list[str] = []
    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    monkeypatch.setattr(app, "notify", lambda message, **kw: said.append(str(message)))
    async with app.run_test(size=(80, 24)) as pilot:
        await steps(pilot, "enter", ("n", "3"), "escape", "ctrl+s", "enter")
        path = home / "saves" / "game.json"
        assert said[-1] == f"Saved to {path}, with this month's answers so far."
        await steps(pilot, "ctrl+o", "enter")
        assert app.state is not None and app.state.plan == (("t1-gdr-1", "expose"),)


@run_async
async def test_a_long_hint_takes_at_most_a_third_of_a_small_screen_and_h_shows_it_whole() -> None:
    """The tutorial's first month at 60x20: its two hints wrap to 11 lines and took them all, leaving the posts
    two rows. Now the hint area holds at most a third of the screen (20 // 3 = 6 lines), its last line says that
    h shows the rest, and h shows both hints whole. At 80x24 (8 lines allowed) they fit and are shown whole."""
    from textual.widgets import Static

    sc_hints = [text for turn, text in TUTORIAL_HINTS if turn == 1]
    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await steps(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, MonthScreen)
        hint = screen.query_one("#hint", Static)
        assert hint.size.height == 6
        shown = str(hint.render()).splitlines()
        assert len(shown) == 6, shown
        assert shown[0].startswith("Hint: Start with Warsaw")
        assert shown[-1].endswith("… h: the whole hint"), shown
        await steps(pilot, "h")
        from game.tui.screens import HintScreen

        assert isinstance(app.screen, HintScreen)
        whole = " ".join(str(app.screen.query_one("#hint-text", Static).render()).split())
        assert all(" ".join(text.split()) in whole for text in sc_hints), whole
        await steps(pilot, "escape")
        assert isinstance(app.screen, MonthScreen)
    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await steps(pilot, "enter")
        whole = str(app.screen.query_one("#hint", Static).render())
        assert "h: the whole hint" not in whole
        assert " ".join(whole.split()).endswith(" ".join(sc_hints[-1].split()))


@run_async
async def test_tab_goes_from_the_last_card_to_the_first_and_shows_it() -> None:
    """Warsaw's two cards, both answered, the second selected: Tab (help: 'the next card') goes to card 1,
    its title on screen, and a number answers it. Tab went to the post's scrolling frame: the bar said 'card 1
    of 2' while card 2 stayed on screen with nothing selected, Down scrolled a line, and 1 answered card 1 out
    of sight."""
    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await steps(pilot, "enter", ("n", "3", "n"), "4", "2")  # Berlin; Warsaw: card 1, then card 2
        screen = app.screen
        assert isinstance(screen, PostScreen) and screen.country == "poland"
        assert app.focused is not None and app.focused.id == "resp-1"
        await steps(pilot, "tab")
        assert app.focused is not None and app.focused.id == "resp-0"
        post = screen.query_one("#post")
        title = screen.query_one("#card-0").region
        assert post.region.contains_region(title), (post.region, title)
        await steps(pilot, "1")
        assert app.state is not None
        assert [app.state.choice(c.uid) for c in app.state.cards_at("poland")] == ["ignore", "explain"]


@run_async
async def test_a_chart_key_brings_the_chart_on_screen() -> None:
    """The report at 80x24 opens at its top; 1 to 4 (help: 'chart: alignment, China ties, ...') changed the
    chart at its foot, out of sight, so the key seemed to do nothing. Now the chart comes into view."""
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    from game.tui.screens import ReportScreen

    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await steps(pilot, "enter", "e", "y")
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        post, chart = screen.query_one("#report", VerticalScroll), screen.query_one("#chart", Static)
        assert chart.virtual_region.y >= post.size.height  # below the first screen
        await steps(pilot, "2")
        await pilot.pause()
        assert "China ties by post" in str(chart.render())
        top = chart.virtual_region.y
        assert post.scroll_y <= top < post.scroll_y + post.size.height, (post.scroll_y, top)


@run_async
async def test_the_new_game_form_heads_the_objectives_as_the_plain_game_does() -> None:
    """'What you will learn' (the plain game's golden, tests/plain/golden), then the objectives; the form said
    'In this game you will learn to' before objectives written as sentences ('- Name the three ways ...')."""
    import io

    from rich.console import Console
    from textual.widgets import Static

    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#intro", Static).content)
        lines = [line.strip() for line in console.export_text().splitlines()]
        assert "What you will learn" in lines, lines
        assert "In this game you will learn to" not in lines
