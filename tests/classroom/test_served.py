"""The served game (one browser session's app) driven by keys: every record it writes lands in the store."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual import events

from game.classroom.serve import GameSink
from game.classroom.store import Store
from game.scenario import load
from game.tui.messages import OpenScenario
from game.tui.served import ServedApp

from .conftest import ROOT

TUTORIAL = ROOT / "tests" / "tui" / "fixtures" / "tutorial.toml"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AMBASSADOR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


async def one_month(app: ServedApp) -> None:
    """A served tutorial: a name typed, the game started, its first month ended, the report read."""
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("A", "d", "a", "ctrl+n", "e", "y", "enter")
        await pilot.pause()


async def _play(app: ServedApp, name: str) -> None:
    from textual.widgets import Input

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#player", Input).value = name
        await pilot.press("ctrl+n")
        await pilot.pause()
        while app.state is not None and not app.state.over:
            await pilot.press("e")
            await pilot.pause()
            await pilot.press("y")  # end the month with the default responses
            await pilot.pause()
            await pilot.press(*f"Month {app.state.turn}.", "enter")  # a served class reflects by default
            await pilot.pause()
            await pilot.press("enter")  # the report read
            await pilot.pause()
        assert app.state is not None and app.state.over
        # The session folder is thrown away with the tab, so the debrief names the store, not a path.
        assert app.record_location().startswith("your teacher's class results")
        app.post_message(OpenScenario(ROOT / "pyproject.toml"))
        await pilot.pause()
        assert app.scenario is not None and app.scenario.id == "tutorial"  # the other file was refused


def test_a_served_game_stores_its_start_every_month_and_its_end(tmp_path: Path) -> None:
    db = tmp_path / "class.sqlite3"
    with Store(db) as store:
        app = ServedApp(TUTORIAL, seed=11, sink=GameSink(store, "3B"))
        asyncio.run(_play(app, "../Ada/"))
        rows = store.rows("3B")
    turns = load(TUTORIAL).turns
    assert [r.months for r in rows] == list(range(turns + 1))  # the start, each month's autosave, the end
    assert len({r.game for r in rows}) == 1 and all(r.player == "Ada" for r in rows)
    final = rows[-1]
    assert final.finished and final.seed == 11 and final.score is not None and final.record().finished
    assert final.record().reflections() == [(m, f"Month {m}.") for m in range(1, turns + 1)]
    assert [r.finished for r in rows] == [False] * turns + [True]


def test_a_served_title_screen_does_not_offer_to_open_files(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    async def look() -> list[str | None]:
        app = ServedApp(TUTORIAL, seed=11, sink=lambda record: None)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("escape")  # from the new-game form back to the title
            await pilot.pause()
            menu = app.screen.query_one("#title-menu", OptionList)
            return [menu.get_option_at_index(k).id for k in range(menu.option_count)]

    ids = asyncio.run(look())
    assert "load" in ids and "open" not in ids


def test_the_teachers_settings_are_shown_read_only_and_hold(tmp_path: Path) -> None:
    """The form shows the teacher's seed and difficulty disabled; a start asking for others gets the teacher's."""
    from textual.widgets import Input, Select

    from game.tui.messages import StartGame

    rows: list[tuple[int, str]] = []

    async def look() -> tuple[bool, bool, str, int | None, str | None]:
        app = ServedApp(TUTORIAL, seed=11, difficulty="easy", sink=lambda r: rows.append((r.seed, r.difficulty)))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            seed = app.screen.query_one("#seed", Input)
            level = app.screen.query_one("#difficulty", Select)
            app.screen.post_message(StartGame("Ada", 999, "standard"))  # as an edited form would send it
            await pilot.pause()
            assert app.state is not None
            return (seed.disabled, level.disabled, seed.value, app.state.seed,
                    app.state.difficulty if app.state else None)

    seed_off, level_off, shown, seed, difficulty = asyncio.run(look())
    assert seed_off and level_off and shown == "11"
    assert (seed, difficulty) == (11, "easy") and rows == [(11, "easy")]


def test_keys_typed_during_a_screen_change_are_not_lost(tmp_path: Path) -> None:
    """All the keys of two months arrive at once (as under a class's lag): none is lost, none reordered."""
    db = tmp_path / "class.sqlite3"

    async def type_fast() -> tuple[str, int, str]:
        with Store(db) as store:
            app = ServedApp(TUTORIAL, seed=3, sink=GameSink(store, "K"))
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                # each month: end it, yes, an empty reflection (a served class is asked), the report read
                for key in ["A", "d", "a", "ctrl+n", "e", "y", "enter", "enter", "e", "y", "enter", "enter"]:
                    app.post_message(events.Key(key, key if len(key) == 1 else None))
                for _ in range(400):  # until the start and two months are stored and the last key is read
                    if len(store.rows("K")) >= 3 and not app._typed and type(app.screen).__name__ == "MonthScreen":
                        break
                    await pilot.pause(0.05)
                assert app.state is not None
                return app.player, app.state.turn, type(app.screen).__name__

    player, turn, screen = asyncio.run(type_fast())
    assert (player, turn, screen) == ("Ada", 3, "MonthScreen")


class _Hasty(ServedApp):
    """Each key arrives the moment the app has handed the one before to a widget, before that widget has
    handled it (as the browser's next packet of keys can): type-ahead's narrowest race, every time."""

    CSS_PATH = str(ROOT / "game" / "tui" / "ambassador.tcss")  # beside the app, not this test

    def __init__(self, keys: list[str], **kwargs: Any) -> None:
        super().__init__(TUTORIAL, **kwargs)
        self.keys = keys

    async def on_event(self, event: events.Event) -> None:
        handed = isinstance(event, events.Key) and event.is_forwarded
        await super().on_event(event)
        held = any(key is event for key in self._typed)  # typed ahead: it has not gone out yet
        if isinstance(event, events.Key) and not handed and not held and self.keys:
            key = self.keys.pop(0)
            self.post_message(events.Key(key, key if len(key) == 1 else None))


def test_a_key_arriving_while_the_last_one_is_handled_waits_for_it(tmp_path: Path) -> None:
    """A key arriving while the one before is still on its way through the widgets waits until that one has
    been handled: "e" sent just after the Enter that leaves the report used to reach the report, which dropped
    it, and month 2 never ended (tests/classroom/test_web.py failed so in CI)."""
    db = tmp_path / "class.sqlite3"

    async def type_fast() -> tuple[int, str, list[tuple[int, str]]]:
        with Store(db) as store:
            # each month: end it, yes, a reflection (a served class is asked), the report read
            app = _Hasty(["d", "a", "ctrl+n", "e", "y", "1", "enter", "enter", "e", "y", "2", "enter", "enter"],
                         seed=3, sink=GameSink(store, "K"))
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                app.post_message(events.Key("A", "A"))
                for _ in range(400):  # until every key is handed out and handled
                    if not app.keys and not app._typed and len(store.rows("K")) >= 3 \
                            and type(app.screen).__name__ == "MonthScreen":
                        break
                    await pilot.pause(0.05)
                assert app.state is not None and app.session is not None
                return app.state.turn, app.player, sorted(app.session.reflections.items())

    assert asyncio.run(type_fast()) == (3, "Ada", [(1, "1"), (2, "2")])


def test_a_returning_browser_continues_its_game_under_its_id(tmp_path: Path) -> None:
    from game.classroom.serve import continue_game
    from game.paths import autosave_path
    from game.records import read

    db = tmp_path / "class.sqlite3"
    with Store(db) as store:
        first = ServedApp(TUTORIAL, seed=11, sink=GameSink(store, "3B", owner="AAAA-AAAA"))

        asyncio.run(one_month(first))
        sink = GameSink(store, "3B", owner="AAAA-AAAA")
        assert not continue_game(store, GameSink(store, "3B", owner="CCCC-CCCC"), TUTORIAL, 11, "standard")
        assert not continue_game(store, sink, TUTORIAL, 12, "standard")  # not the teacher's seed
        assert continue_game(store, sink, TUTORIAL, 11, "standard")
        assert len(read(autosave_path()).turns) == 1  # where the app continues from
        again = ServedApp(TUTORIAL, seed=11, sink=sink, resume=True)
        asyncio.run(one_month(again))
        rows = store.rows("3B")
    assert [r.months for r in rows] == [0, 1, 2] and len({r.game for r in rows}) == 1


def test_a_lesson_that_serves_the_tutorial_then_the_main_scenario(tmp_path: Path) -> None:
    """The teacher serves the tutorial, then (a second `serve`, the same class, seed and difficulty) the main
    scenario. A student who left the tutorial unfinished gets the main scenario's new game: before, the
    tutorial's game was put where the app continues from (the seed and difficulty matched), so the student was
    sent back into the tutorial by the main scenario's server. Served again, the tutorial's game continues."""
    from game.classroom.serve import continue_game
    from game.scenario import resolve

    db = tmp_path / "class.sqlite3"
    with Store(db) as store:
        tutorial = ServedApp(TUTORIAL, seed=1980, sink=GameSink(store, "9B", owner="AAAA-AAAA"))

        asyncio.run(one_month(tutorial))
        sink = GameSink(store, "9B", owner="AAAA-AAAA")
        assert not continue_game(store, sink, resolve("directive-1980"), 1980, "standard")
        assert (sink.game, sink.last) == ("", None)  # the main scenario's game will be a new one
        assert continue_game(store, sink, TUTORIAL, 1980, "standard")


def test_a_served_game_starts_only_with_a_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A student who pressed Enter on the new-game form without a name started a game stored as 'anonymous':
    in a class of thirty, nobody could tell whose it was. The form stays, saying why, until a name is typed."""
    from textual.widgets import Input

    rows: list[str] = []
    said: list[str] = []

    async def start() -> tuple[bool, str | None]:
        app = ServedApp(TUTORIAL, seed=11, sink=lambda record: rows.append(record.player))
        monkeypatch.setattr(app, "notify", lambda message, **kw: said.append(str(message)))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.screen.query_one("#player", Input).value = "  ..  "  # nothing a name is made of
            await pilot.press("enter")
            await pilot.pause()
            started = app.state is not None
            app.screen.query_one("#player", Input).value = "Ada"
            await pilot.press("enter")
            await pilot.pause()
            return started, app.player if app.state is not None else None

    started, player = asyncio.run(start())
    assert not started and said == ["Type your name first: your teacher sees your game under it."]
    assert player == "Ada" and rows == ["Ada"]  # the game's start, stored once it has a name
