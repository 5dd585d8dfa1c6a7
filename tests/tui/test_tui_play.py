"""The Textual app driven by key presses: a tutorial game's last month and end, reflections, resuming, saving, problems,
--watch.

Assertions are on the app's state and on the files it writes, not on pixels (the snapshots do that).
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static

from game.engine import GameState, Scenario, new_game, play_turn
from game.records import autosave_path, from_state, read
from game.tui import make_app
from game.tui.app import AmbassadorApp
from game.tui.dialogs import ConfirmScreen, ProblemsScreen
from game.tui.screens import EndScreen, GlossaryScreen, MonthScreen, NewGameScreen, PostScreen, ReportScreen
from game.tui.title import TitleScreen

from .conftest import BIG, BROKEN, TUTORIAL, run_async, steps

VIGILANCE_KEY = "5"  # "Control contacts", the fifth response on every tutorial card


def expected_game(scenario: Scenario, seed: int) -> GameState:
    """The same game played straight through the engine: vigilance on every card, coordination in the last month."""
    state = new_game(scenario, seed, "standard")
    while not state.over:
        choices = {c.uid: "vigilance" for c in state.cards if scenario.countries[c.country].acts}
        initiatives = ["coordinate"] if state.turn == scenario.turns else []
        state, _ = play_turn(state, choices, initiatives)
    return state


async def play_month(app: AmbassadorApp, pilot: object, *, coordinate: bool) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    assert isinstance(app.screen, MonthScreen)
    while app.state is not None and app.state.unanswered():
        await pilot.press("n")
        assert isinstance(app.screen, PostScreen)
        for _ in app.state.cards_at(app.screen.country):
            await pilot.press(VIGILANCE_KEY)
            await pilot.pause()
        await pilot.press("escape")
    if coordinate:
        await pilot.press("end", "enter")
        assert app.state is not None
        assert app.state.launched == ("coordinate",)
    await end_month(app, pilot)


async def end_month(app: AmbassadorApp, pilot: Pilot[Any]) -> None:
    """End the month by its key, say yes if the game asks (capital left over), and land on the month's report."""
    await pilot.press("e")
    await pilot.pause()
    if isinstance(app.screen, ConfirmScreen):  # capital left over
        await pilot.press("y")
        await pilot.pause()
    assert isinstance(app.screen, ReportScreen)


@run_async
async def test_the_last_month_by_keys_launches_coordination_and_ends_the_game(tutorial: Scenario,
                                                                             home: Path) -> None:
    """The tutorial's last month by keys, coordination launched from the month screen: the end screen, the
    record the engine gives, no autosave left. Its first two months are played through the session layer as
    the TUI plays them (vigilance on every card): a whole game by keys, with the autosave after each month and
    the warnings, is tests/test_front_ends.py's; typing the name on the new-game form is test_tui_small's."""
    from game.engine import Respond
    from game.session import Session

    record_path = home / "done.json"
    session = Session.start(tutorial, TUTORIAL, seed=7, difficulty="standard", player="Ada", record_path=record_path)
    while session.state.turn < tutorial.turns:
        for card in session.state.unanswered():
            session.act(Respond(card.uid, "vigilance"))
        session.end_month()
        session.keep()
    app = make_app(resume=True, record=record_path, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        assert app.state is not None and app.state.turn == tutorial.turns and app.player == "Ada"
        await play_month(app, pilot, coordinate=True)
        assert not autosave_path().exists()  # the finished game's record replaces it
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert app.state.over

    expected = expected_game(tutorial, 7)
    assert app.state.ending == expected.ending and app.state.score == expected.score
    # The record of the TUI game is the record the engine (and so the plain front end) gives.
    assert read(record_path) == from_state(expected, "Ada")
    assert from_state(app.state, "Ada") == from_state(expected, "Ada")
    assert not autosave_path().exists()  # finished: nothing waits to be continued (as in the plain game)


@run_async
async def test_confirm_when_cards_open_and_no_ends_nothing(home: Path) -> None:
    app = make_app(str(TUTORIAL), blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        assert app.state is not None and app.state.turn == 1


@run_async
async def test_unaffordable_response_is_refused(home: Path) -> None:
    """Seed 7 deals four cards at the posts you run; "Positive engagement" (key 6) costs 1 capital and 2 economy,
    and the economy budget is 4: the first two are taken, the third and fourth are refused with a warning."""
    app = make_app(str(TUTORIAL), seed=7, blink=False)
    warnings: list[str] = []
    notify = app.notify

    def record(message: str, **kw: Any) -> None:
        if kw.get("severity") == "warning":
            warnings.append(message)
        notify(message, **kw)

    app.notify = record  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.state is not None and app.state.remaining() == (4, 4)
        acting = [c.uid for c in app.state.cards if app.state.scenario.countries[c.country].acts]
        assert len(acting) == 4
        visited = []
        await pilot.press("n")
        for _ in range(3):  # each post you run once, each "n" going on to the next open one
            assert isinstance(app.screen, PostScreen)
            visited.append(app.screen.country)
            for _ in app.state.cards_at(app.screen.country):
                await pilot.press("6")
                await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
        assert visited == ["gdr", "poland", "mongolia"]
        assert app.state.plan == ((acting[0], "engage"), (acting[1], "engage"))
        assert app.state.remaining() == (2, 0)
        assert len(warnings) == 2
        assert all(w == "Positive engagement costs 1 capital and 2 economy; you have 2 capital left this month "
                        "and 0 economy left" for w in warnings), warnings


@run_async
async def test_title_offers_continue_after_a_kill(tutorial: Scenario, home: Path) -> None:
    # A game interrupted after its first month: only the autosave is left. The month is played through the
    # session layer, which keeps the game after each month for both front ends (the TUI's autosave after every
    # month is tests/test_front_ends.py's); the screens under test here are the title's.
    from game.engine import Respond
    from game.session import Session

    session = Session.start(tutorial, TUTORIAL, seed=11)
    for card in session.state.unanswered():
        session.act(Respond(card.uid, "vigilance"))
    session.end_month()
    assert session.keep() == autosave_path()
    first = session.state
    assert first.turn == 2 and first.history[0].choices

    again = make_app(blink=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, TitleScreen)
        assert again.saved_game_summary() is not None
        await pilot.press("enter")  # "Continue" is the first entry
        await pilot.pause()
        assert isinstance(again.screen, MonthScreen)
        assert again.state is not None
        assert from_state(again.state, "") == from_state(first, "")


@run_async
async def test_a_new_game_says_a_saved_game_is_waiting(tutorial: Scenario, home: Path) -> None:
    """`ambassador play tutorial` again after Ctrl+C: the form says a saved game is waiting and that this game
    replaces it once a card is answered, as the plain game says before its first question. The form said
    nothing, and the first answer replaced the saved game."""
    from game.engine import Respond
    from game.session import Session

    session = Session.start(tutorial, TUTORIAL, seed=11, player="Ada")
    session.act(Respond(session.state.unanswered()[0].uid, "vigilance"))
    assert session.autosave() == autosave_path()
    app = make_app(str(TUTORIAL), blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        note = app.screen.query_one("#waiting", Static)
        assert note.display and note.region.height > 0
        text = " ".join(str(note.render()).split())
        assert text.startswith("A saved game is waiting: Tutorial: Three Embassies, Spring 1980, month 1 (seed 11, "
                               "Ada). This game replaces it once you answer a card"), text
    autosave_path().unlink()
    app = make_app(str(TUTORIAL), blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#waiting", Static).display


@run_async
async def test_ctrl_c_saves_and_quits(home: Path) -> None:
    app = make_app(str(TUTORIAL), seed=3, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n", VIGILANCE_KEY)  # one card answered: something to lose
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_value == 0
    saved = read(autosave_path())
    assert saved.seed == 3 and saved.turns == []
    assert list(saved.extra["resume"]["choices"].values()) == ["vigilance"]  # this month's answer comes back


@run_async
async def test_ctrl_c_before_anything_is_played_keeps_the_waiting_save(home: Path) -> None:
    from dataclasses import replace

    from game.records import write_record
    from game.scenario import load

    waiting = replace(from_state(new_game(load(TUTORIAL), 9), "Old"), extra={})
    write_record(autosave_path(), waiting)
    app = make_app(str(TUTORIAL), seed=3, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_value == 0
    assert read(autosave_path()) == waiting
    assert app.farewell == "Nothing saved: nothing played yet. The saved game that was waiting is kept."


@run_async
async def test_save_and_load_a_named_game(tutorial: Scenario, home: Path) -> None:
    # A game in its second month (the first played through the session layer, see the test above), continued.
    from game.engine import Respond
    from game.session import Session

    session = Session.start(tutorial, TUTORIAL, seed=5)
    for card in session.state.unanswered():
        session.act(Respond(card.uid, "vigilance"))
    session.end_month()
    session.keep()
    app = make_app(resume=True, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen) and app.state is not None and app.state.turn == 2
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"lesson", "enter")
        await pilot.pause()
        assert (home / "saves" / "lesson.json").is_file()
        saved = app.state
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        assert app.state is not None and saved is not None
        assert from_state(app.state, "") == from_state(saved, "")


@run_async
async def test_glossary_is_searchable(home: Path) -> None:
    app = make_app(str(TUTORIAL), blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press(*"comecon")
        await pilot.pause()
        text = str(app.screen.query_one("#glossary-text").render())
        assert "CMEA" in text and "GDR" not in text
        await pilot.press("escape")
        assert isinstance(app.screen, MonthScreen)


@run_async
async def test_a_scenario_with_problems_lists_them(home: Path) -> None:
    from game.scenario import check

    app = make_app(str(BROKEN), blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        _, problems = check(BROKEN)
        assert app.screen.problems == [str(p) for p in problems]  # the same messages as `validate`
        shown = str(app.screen.query_one("#problems-text", Static).render())  # and on the screen
        assert f"cannot be played: {len(problems)} problem" in shown and str(problems[0]) in shown


@run_async
async def test_opening_a_file_that_is_not_there_says_so(home: Path) -> None:
    """The title screen's 'Open a scenario file...' with a name that is no file: the problems screen says so
    (it was blank)."""
    app = make_app(blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_typed(pilot, app, "nope.toml")
        assert isinstance(app.screen, ProblemsScreen)
        shown = str(app.screen.query_one("#problems-text", Static).render())
        assert shown.startswith("nope.toml cannot be played: 1 problem\n\nnope.toml:1: no such file\n"), shown


@run_async
async def test_a_name_that_is_no_file_is_not_told_to_fix_the_file(home: Path) -> None:
    """A student's typing mistake in 'Open a scenario file...': the screen ended 'Fix the file, then press r to
    check again', of a file that is not there; it now says to check the name and how to type it again."""
    app = make_app(blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_typed(pilot, app, "asdf qwer")
        assert isinstance(app.screen, ProblemsScreen)
        shown = str(app.screen.query_one("#problems-text", Static).render()).rstrip()
        assert "Fix the file" not in shown
        assert shown.endswith("Check the name: Esc goes back to the title screen to type it again, and r checks "
                              "again once the file is there."), shown


async def _open_typed(pilot: Pilot[Any], app: AmbassadorApp, typed: str) -> None:
    """Choose 'Open a scenario file...' on the title screen and type ``typed``, then Enter."""
    await pilot.pause()
    menu = app.screen.query_one(OptionList)
    menu.highlighted = next(k for k in range(menu.option_count) if menu.get_option_at_index(k).id == "open")
    await steps(pilot, "enter", (*typed, "enter"))


@run_async
async def test_opening_a_bundled_scenario_by_its_name(home: Path) -> None:
    """The dialog reads what it is given as `ambassador play NAME` does: a bundled scenario's name opens it."""
    app = make_app(blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_typed(pilot, app, "tutorial")
        assert isinstance(app.screen, NewGameScreen)
        assert app.scenario is not None and app.scenario.id == "tutorial"


@run_async
async def test_opening_a_file_named_without_toml_suggests_it(home: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A teacher's own file typed without its extension: the problems screen suggests the file, as the
    command line does (it said only 'no such file')."""
    shutil.copy(TUTORIAL, tmp_path / "crisis.toml")
    monkeypatch.chdir(tmp_path)
    app = make_app(blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_typed(pilot, app, "crisis")
        assert isinstance(app.screen, ProblemsScreen)
        shown = str(app.screen.query_one("#problems-text", Static).render())
        assert "did you mean 'crisis.toml', the file in this folder?" in shown, shown


@run_async
async def test_watch_reloads_and_keeps_the_game(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "tutorial.toml"
    shutil.copy(TUTORIAL, path)
    from game.tui.messages import ResponseChosen

    app = make_app(str(path), seed=9, watch=True, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        # Month 1: vigilance on every card, chosen as the post screens choose (their message to the app; the
        # keys that choose are the other tests'), then ended by keys.
        assert app.state is not None
        for card in app.state.unanswered():
            app.post_message(ResponseChosen(card.uid, "vigilance"))
        await pilot.pause()
        assert app.state.unanswered() == ()
        await end_month(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        played = app.state
        assert played is not None and played.turn == 2 and played.history[0].choices

        # A broken edit: the problems are shown, the game is kept.
        path.write_text(path.read_text(encoding="utf-8") + "\n[oops]\n", encoding="utf-8")
        app.action_reload_scenario()
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert app.state is played

        # A good edit: the game is replayed on the new scenario and goes on.
        text = TUTORIAL.read_text(encoding="utf-8").replace('title = "Pressure and attacks"',
                                                              'title = "Attacks and pressure"')
        path.write_text(text, encoding="utf-8")
        app.action_reload_scenario()
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        assert app.state is not None and app.state.turn == 2
        assert app.state.history[0].choices == played.history[0].choices
        assert any(c.title == "Attacks and pressure" for c in app.state.scenario.cards)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@run_async
async def test_large_scenario_month_and_posts(size: tuple[int, int], home: Path) -> None:
    app = make_app(str(BIG), blink=False)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        assert app.state is not None and len(app.state.scenario.countries) == 13
        visited = set()
        while app.state.unanswered():
            await pilot.press("n")
            assert isinstance(app.screen, PostScreen)
            visited.add(app.screen.country)
            for _ in app.state.cards_at(app.screen.country):
                await pilot.press("1")
            await pilot.press("escape")
        assert len(visited) == 9


@run_async
async def test_theme_switches_between_light_and_dark(home: Path) -> None:
    app = make_app(blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("f2")
        assert app.theme == "textual-light"


@run_async
async def test_command_palette_offers_the_game_commands(home: Path) -> None:
    app = make_app(str(TUTORIAL), blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Glossary", "Source reader", "End the month", "Save the game", "Light or dark theme"} <= titles


def _highlight_on_screen(screen: PostScreen, k: int) -> bool:
    """Whether card ``k``'s highlighted response lies inside the post's visible window, with the text that
    explains it (the detail below the list) when the window is tall enough for both."""
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    from game.tui.widgets import MarkedOptionList

    lst = screen.query_one(f"#resp-{k}", MarkedOptionList)
    spot = lst.highlighted_lines()
    assert spot is not None
    top = lst.virtual_region.y + spot[0] - lst.scroll_offset.y  # a list taller than the screen scrolls too
    scroller = screen.query_one("#post", VerticalScroll)
    shown = scroller.scroll_offset.y  # the row drawn at the top: scroll_y itself can stop at 13.05 after a scroll
    height = scroller.scrollable_content_region.height
    bottom = top + spot[1]
    detail = screen.query_one(f"#detail-{k}", Static).virtual_region_with_margin
    if detail.bottom - top <= height:  # room for the response and its explanation: both are shown
        bottom = detail.bottom
    return shown <= top and bottom <= shown + height


async def _settles(pilot: object, condition: Callable[[], bool], rounds: int = 100) -> bool:
    """Whether ``condition`` holds once the app has processed what is pending and any scroll animation has
    run (a scroll to the highlight animates over real time, so each round also lets 20 ms pass): waits for the
    condition, up to about two seconds, not for a fixed time."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    for _ in range(rounds):
        await pilot.pause(0.02)
        if condition():
            return True
    return False


@run_async
async def test_post_keeps_its_name_card_budget_and_highlight_in_view() -> None:
    """Warsaw at 80x24: the bar on top names the post, the card being answered and what is left; answering the
    first card leaves the post's head and the second card's responses as they were; the highlighted response
    stays on screen whatever key moves it."""
    from textual.widgets import Static

    from game.tui.widgets import MarkedOptionList

    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n", "3", "n")  # Berlin answered; Warsaw opens (two cards)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PostScreen) and screen.country == "poland"
        bar = str(screen.query_one("#post-bar", Static).render())
        assert "Warsaw" in bar and "card 1 of 2: Promises of trade" in bar
        assert "Capital 3 of 4 this month" in bar and "Economy 4 of 4 for the game" in bar
        assert screen.query_one("#post-bar").region.y == 0  # docked: never scrolls away
        head = screen.query_one("#post-head", Static).content
        second = screen.query_one("#resp-1", MarkedOptionList)
        options = [second.get_option_at_index(k) for k in range(second.option_count)]
        await pilot.press("4")  # answer card 1; card 2 comes up
        await pilot.pause()
        await pilot.pause()
        bar = str(screen.query_one("#post-bar", Static).render())
        assert "card 2 of 2: Contacts with youth" in bar and "Capital 2 of 4" in bar
        # What the answer did not change is not drawn again (game.tui.widgets.show_text, show_options): an
        # update lays out and draws the whole post.
        assert screen.query_one("#post-head", Static).content is head, "the post's head was updated, unchanged"
        assert all(a is b for a, b in zip(options, [second.get_option_at_index(k) for k in range(second.option_count)],
                                          strict=True)), "card 2's responses were set again, unchanged"
        for key in ["end", "home", "pagedown", "pageup", "down", "down", "down", "down", "down"]:
            await pilot.press(key)
            assert await _settles(pilot, lambda: _highlight_on_screen(screen, 1)), key


@run_async
async def test_keys_scroll_the_highlight_into_view_on_a_short_screen() -> None:
    """At 80x10 a card's responses do not fit on screen: Down, PageDown and End move the highlight and
    the post scrolls to it (the lists are as tall as their options, so only the post can scroll)."""
    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n", "3", "n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PostScreen)
        for key in ["end", "home", "pagedown", "home", "down", "down", "down", "down", "down"]:
            await pilot.press(key)
            assert await _settles(pilot, lambda: _highlight_on_screen(screen, 0)), key


@run_async
async def test_watch_refreshes_the_new_game_screen(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "tutorial.toml"
    shutil.copy(TUTORIAL, path)
    app = make_app(str(path), seed=9, watch=True, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        app.screen.query_one("#player", Input).value = "Ana"
        text = TUTORIAL.read_text(encoding="utf-8").replace('title = "Tutorial: Three Embassies, Spring 1980"',
                                                              'title = "Tutorial, edited"')
        path.write_text(text, encoding="utf-8")
        app.action_reload_scenario()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        assert screen.scenario.title == "Tutorial, edited"
        assert screen.query_one("#player", Input).value == "Ana"


@run_async
async def test_watch_keeps_the_form_when_an_edit_removes_the_difficulty_asked_for(tmp_path: Path,
                                                                                  home: Path) -> None:
    """``play --difficulty easy --watch``, then the author removes Easy: the form offers the first difficulty
    left (it raised InvalidSelectValueError and the app ended with a traceback)."""
    path = tmp_path / "tutorial.toml"
    shutil.copy(TUTORIAL, path)
    app = make_app(str(path), seed=9, difficulty="easy", watch=True, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#difficulty", Select).value == "easy"
        text = TUTORIAL.read_text(encoding="utf-8")
        easy = text.index('[[difficulties]]\nid = "easy"')
        path.write_text(text[:easy] + text[text.index("\n\n", easy) + 2:], encoding="utf-8")
        app.action_reload_scenario()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        assert [d.id for d in screen.scenario.difficulties] == ["standard"]
        assert screen.query_one("#difficulty", Select).value == "standard"


@run_async
async def test_the_arrows_show_the_change_since_last_months_screen(home: Path) -> None:
    """The large fixture resumed in August 1980 (month 6), every month before played with no answers. July's
    screen showed Poland's resentment 37 and stability 59; July's results took them to 36 and 60, then
    August's events (the strike at Gdańsk, the Gdańsk agreement) to 42 and 50 (the screen's own lines:
    'Resentment 36 -> 42', 'Stability 60 -> 50'). So the arrows read +5 and -9, as the plain game's brackets
    do; they read -1 and +1, July's results alone, beside values that had moved since. The cohesion beside
    them: 70.47 in July, 68.33 now, shown 70.5 and 68.3: -2.2 (it read -2.1, from June's end to July's)."""
    from game.scenario import load
    from game.session import Session

    session = Session.start(load(BIG), BIG)
    for _ in range(5):
        session.end_month()
    assert session.keep() == autosave_path()
    app = make_app(resume=True, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MonthScreen) and app.state is not None and app.state.turn == 6
        overview = screen.query_one("#overview", OptionList)
        row = str(overview.get_option("c:poland").prompt)
        assert "36 -> 42" in str(screen.query_one("#hint", Static).render())
        assert " 42 ▲+5 " in row and " 50 ▼-9" in row, row
        assert "Cohesion 68.3 ▼-2.2" in str(screen.query_one("#status", Static).render())
        overview.highlighted = overview.get_option_index("c:poland")
        await pilot.press("enter")  # Poland's page
        await pilot.pause()
        assert isinstance(app.screen, PostScreen) and app.screen.country == "poland"
        head = str(app.screen.query_one("#post-head", Static).render())
        assert "42 ▲+5" in head and "50 ▼-9" in head, head


@run_async
async def test_the_arrows_follow_the_months_played_in_one_sitting(home: Path) -> None:
    """The game of the test above, its five months played here with no answers rather than resumed: August's
    arrows read the same +5, -9 and -2.2. They were measured from the game's first opening in a game started in
    the app and played on (the month screen kept the previous month it was made with, none), so a student saw
    Poland's resentment '42 ▲+4' and stability '50 ▼-8' since March under a legend saying 'since last month'."""
    app = make_app(str(BIG), blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        for _ in range(5):
            await end_month(app, pilot)
            await pilot.press("enter")
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MonthScreen) and app.state is not None and app.state.turn == 6
        overview = screen.query_one("#overview", OptionList)
        row = str(overview.get_option("c:poland").prompt)
        assert " 42 ▲+5 " in row and " 50 ▼-9" in row, row
        assert "Cohesion 68.3 ▼-2.2" in str(screen.query_one("#status", Static).render())
        overview.highlighted = overview.get_option_index("c:poland")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PostScreen) and app.screen.country == "poland"
        head = str(app.screen.query_one("#post-head", Static).render())
        assert "42 ▲+5" in head and "50 ▼-9" in head, head


@pytest.mark.slow
@run_async
async def test_reflections_are_asked_kept_and_shown(tutorial: Scenario, home: Path) -> None:
    """With reflections on (as in a served class), ending a month first asks for one line: Esc goes back to the
    month, an empty line skips, a line is kept in the record and shown in the debrief."""
    from game.tui.dialogs import ReflectScreen

    record_path = home / "reflect.json"
    app = make_app(str(TUTORIAL), seed=7, record=record_path, blink=False, reflect=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#player")
        await pilot.press(*"Ada", "enter")
        await pilot.pause()
        lines = {1: "Berlin \x1b[31mfirst", 2: "", 3: "Coordination was worth it."}
        for month in range(1, tutorial.turns + 1):
            assert isinstance(app.screen, MonthScreen), (month, app.screen_stack)
            await pilot.press("e")
            await pilot.pause()
            if isinstance(app.screen, ConfirmScreen):
                await pilot.press("y")
                await pilot.pause()
            assert isinstance(app.screen, ReflectScreen)
            if month == 1:  # Esc: back to the month, nothing ended
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, MonthScreen) and app.state is not None and app.state.turn == 1
                await pilot.press("e")
                await pilot.pause()
                if isinstance(app.screen, ConfirmScreen):
                    await pilot.press("y")
                    await pilot.pause()
            await pilot.press(*lines[month], "enter")
            await pilot.pause()
            assert isinstance(app.screen, ReportScreen)
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert app.session is not None
        assert app.session.reflections == {1: "Berlin [31mfirst", 3: "Coordination was worth it."}
        from rich.console import Console

        from game.tui import render

        assert isinstance(app.screen, EndScreen)
        console = Console(record=True, width=100, file=io.StringIO())
        console.print(render.debrief_text(app.screen.state, "x", app.screen.reflections))
        shown = console.export_text()
        assert "Your reflections, month by month" in shown and "Coordination was worth it." in shown
    record = read(record_path)
    assert record.reflections() == [(1, "Berlin [31mfirst"), (3, "Coordination was worth it.")]


@run_async
async def test_a_month_ended_at_a_post_opens_the_next_with_more_cards_there(home: Path) -> None:
    """tests/fixtures/scenarios/decisions.toml, seed 7: Alpha holds one card in month 1 and two in month 2 (the
    strike's decision after the outreach card). Ending month 1 from Alpha's screen shows the report, then the
    month (the post's screen, made for one card, no longer stands under it)."""
    fixture = Path(__file__).parents[1] / "fixtures" / "scenarios" / "decisions.toml"
    app = make_app(str(fixture), seed=7, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PostScreen) and app.screen.country == "a"
        await pilot.press("e")
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):  # cards left open at other posts, capital left over
            await pilot.press("y")
            await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        assert app.state is not None and [c.uid for c in app.state.cards_at("a")] == ["t2-a-1", "t2-a-strike"]


@run_async
async def test_the_post_bar_is_laid_out_again_when_the_terminal_is_resized() -> None:
    """A post opened at 60 columns packs its bar into four lines; widened to 160 (tmux resize-window, a window
    dragged wider), the bar takes the new width (two lines), not the old one."""
    from textual.widgets import Static

    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await steps(pilot, "enter", "n")
        screen = app.screen
        assert isinstance(screen, PostScreen)
        bar = screen.query_one("#post-bar", Static)
        assert len(str(bar.render()).splitlines()) == 4
        await pilot.resize_terminal(160, 50)
        # by hand: all five fields are 162 characters, one more than the 158 the bar has (its padding is 1 and
        # 1): the last one goes to a line of its own
        wide = ("East Germany (Berlin), German Democratic Republic · card 1 of 1: Separating bilateral ties · "
                "Capital 4 of 4 this month · Economy 4 of 4 for the game\n1 open here")
        assert await _settles(pilot, lambda: str(bar.render()) == wide), str(bar.render())
