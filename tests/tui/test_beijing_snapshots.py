"""Snapshots of the second bundled scenario, beijing-1980, at 80x24: its new-game briefing, its first month, a
post with Moscow's cards and the envoy's responses, the month's report and the debrief. They read the bundled
file itself (these are its screens), so an edit to its text changes them: update with --snapshot-update and read
the SVG diffs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.tui import make_app

from .test_tui_snapshots import months_left_to_do_nothing

BEIJING = Path(__file__).resolve().parents[2] / "scenarios" / "beijing-1980.toml"
SIZE = (80, 24)


def beijing_app(**kwargs: Any) -> Any:
    return make_app(str(BEIJING), seed=1980, player="Ada", blink=False, stamp=lambda: "snapshot", **kwargs)


def test_briefing(snap_compare: Any) -> None:
    """The new-game screen: the scenario's introduction, the player's role from Beijing."""
    assert snap_compare(beijing_app(), terminal_size=SIZE)


def test_month(snap_compare: Any) -> None:
    assert snap_compare(beijing_app(), press=["enter"], terminal_size=SIZE)


def test_post(snap_compare: Any) -> None:
    """Berlin in March 1980: Moscow's card, the instruction it carries out, and the envoy's responses."""
    assert snap_compare(beijing_app(), press=["enter", "enter"], terminal_size=SIZE)


def test_report(snap_compare: Any) -> None:
    assert snap_compare(beijing_app(), press=["enter", "e", "y"], terminal_size=SIZE)


def test_debrief(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.session

    # The debrief names where the record went; keep that path the same on every machine (and write nothing).
    monkeypatch.setattr(game.session, "write_record", lambda path, record: None)
    app = beijing_app(record=Path("/classroom/records/ada-beijing.json"))
    assert snap_compare(app, run_before=months_left_to_do_nothing(12), terminal_size=SIZE)
