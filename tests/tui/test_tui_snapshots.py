"""Snapshots of the key screens at 80x24 and 120x40 (pytest-textual-snapshot; update with --snapshot-update
and read the SVG diffs). Fixed seeds, a fixed scenario list, no cursor blink, no clock in any text."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from game.tui import make_app

from .conftest import BIG, TUTORIAL

SIZES = [(80, 24), (120, 40)]
IDS = ["80x24", "120x40"]

# The first month of the tutorial with seed 1980: GDR has one card, Poland two, Mongolia one. By keys it is
# ["enter", "n", "3", "n", "4", "2", "n", "2"]: these answers, given here through the session layer (see
# month_one_answered; the keys that answer cards are the pilot tests' and test_country_with_cards's).
MONTH_ONE = {"t1-gdr-1": "expose", "t1-poland-1": "economic_care", "t1-poland-2": "explain",
             "t1-mongolia-1": "explain"}


def tutorial_app() -> Any:
    return make_app(str(TUTORIAL), seed=1980, player="Ada", blink=False, stamp=lambda: "snapshot")


def resumed_after(scenario: Path, months: int, *, record: Path | None = None) -> Any:
    """The app continuing the game ``tutorial_app``'s settings start on ``scenario`` (seed 1980, Ada), after
    ``months`` months with every card left to 'Do nothing', played through the session layer as the TUI plays
    them (``game.session``: end the month, keep the game): the screens under test are driven by keys, the
    months before them are not. The app opens at the next month's screen."""
    from game.scenario import load
    from game.session import Session

    session = Session.start(load(scenario), scenario, seed=1980, player="Ada", record_path=record)
    for _ in range(months):
        session.end_month()
        session.keep()
    assert session.state.turn == months + 1 and not session.state.over
    return make_app(resume=True, record=record, blink=False, stamp=lambda: "snapshot")


def month_one_answered() -> Any:
    """The app continuing ``tutorial_app``'s game (seed 1980, Ada) with month 1's cards answered as MONTH_ONE
    says, kept by the session layer (a game left mid-month): it opens at month 1's screen, ready to end it."""
    from game.engine import Respond
    from game.scenario import load
    from game.session import Session

    session = Session.start(load(TUTORIAL), TUTORIAL, seed=1980, player="Ada")
    for uid, rid in MONTH_ONE.items():
        session.act(Respond(uid, rid))
    session.keep()
    return make_app(resume=True, blink=False, stamp=lambda: "snapshot")


async def last_month_to_do_nothing(pilot: Pilot[Any]) -> None:
    """End the month on screen with every card left to 'Do nothing': e, y (end it anyway), Enter (the report
    read)."""
    await pilot.press("e")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_title(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(blink=False), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_new_game(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(tutorial_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_month(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(tutorial_app(), press=["enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_month_large_scenario(snap_compare: Any, size: tuple[int, int]) -> None:
    app = make_app(str(BIG), seed=1980, blink=False)
    assert snap_compare(app, press=["enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_country_with_cards(snap_compare: Any, size: tuple[int, int]) -> None:
    # Poland, two cards; the first answered with "Caution on economic ties".
    assert snap_compare(tutorial_app(), press=["enter", "down", "enter", "4"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_report(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(month_one_answered(), press=["e"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_report_charts(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(month_one_answered(), press=["e", "3", "end"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_glossary(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(tutorial_app(), press=["enter", "g"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_help(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(tutorial_app(), press=["enter", "question_mark"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_debrief(snap_compare: Any, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    import game.session
    import game.tui.render
    from game.records import replay_command

    app = resumed_after(TUTORIAL, 2, record=Path("/classroom/records/ada-tutorial.json"))
    # The debrief names where the record went; keep that path the same on every machine (and write nothing).
    monkeypatch.setattr(game.session, "write_record", lambda path, record: None)
    monkeypatch.setattr(game.session, "write_new_record", lambda path, record: path)
    # Its replay command names the scenario's file, which is wherever the checkout is: the same on every machine
    # too (a path of another length wraps the command otherwise, and the page's length and scrollbar move).
    monkeypatch.setattr(game.tui.render, "replay_command",
                        lambda path, sc: replay_command(path, dataclasses.replace(sc, file="/classroom/tutorial.toml")))
    assert snap_compare(app, run_before=last_month_to_do_nothing, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_month_that_opens_with_an_event(snap_compare: Any, size: tuple[int, int]) -> None:
    """June 1980 of the main game, every card left to 'Do nothing': the 11th Interkit meeting at the
    month's opening adds capital and moves Vietnam, and the dashboard says so above the table."""
    from game.scenario import resolve

    # March, April and May through the session layer (see resumed_after); June opens on screen.
    assert snap_compare(resumed_after(resolve("directive-1980"), 3), terminal_size=size)


def light(app: Any) -> Any:
    app.theme = "textual-light"
    return app


def test_title_light(snap_compare: Any) -> None:
    """The light theme (F2): marks and numbers carry the meaning there too, and nothing turns unreadable."""
    assert snap_compare(light(make_app(blink=False)), terminal_size=(80, 24))


def test_month_light(snap_compare: Any) -> None:
    assert snap_compare(light(tutorial_app()), press=["enter"], terminal_size=(80, 24))
