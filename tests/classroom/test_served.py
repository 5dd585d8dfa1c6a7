"""The served game (one browser session's app) driven by keys: every record it writes lands in the store."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

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
            await pilot.press("enter")  # the report read
            await pilot.pause()
        assert app.state is not None and app.state.over
        # The session folder is thrown away with the tab, so the debrief names the store, not a path.
        assert app._record_location().startswith("your teacher's class results")
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
