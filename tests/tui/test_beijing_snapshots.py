"""Snapshots of the second bundled scenario, beijing-1980, at 80x24 and 120x40: its new-game briefing, its first
month, a post with Moscow's cards and the envoy's responses, the month's report and the debrief. They read the
bundled file itself (these are its screens), so an edit to its text changes them: update with --snapshot-update
and read the SVG diffs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from game.tui import make_app

from .test_tui_snapshots import IDS, SIZES, last_month_to_do_nothing, resumed_after

BEIJING = Path(__file__).resolve().parents[2] / "scenarios" / "beijing-1980.toml"


def beijing_app(**kwargs: Any) -> Any:
    return make_app(str(BEIJING), seed=1980, player="Ada", blink=False, stamp=lambda: "snapshot", **kwargs)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_briefing(snap_compare: Any, size: tuple[int, int]) -> None:
    """The new-game screen: the scenario's introduction, the player's role from Beijing."""
    assert snap_compare(beijing_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_month(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(beijing_app(), press=["enter"], terminal_size=size)


async def open_berlin(pilot: Pilot[Any]) -> None:
    """Start, open Berlin, and wait until the post has settled: its highlighted response scrolled into view
    and its height laid out. Both happen after the layout's refreshes, so a snapshot taken at once could catch
    the scrollbar's thumb where it was before (it failed about one run in four)."""
    from textual.containers import VerticalScroll

    from game.tui.screens import PostScreen

    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")
    same, last = 0, None
    for _ in range(200):  # until the post has held still for three rounds
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        screen = pilot.app.screen
        post = screen.query_one("#post", VerticalScroll) if isinstance(screen, PostScreen) else None
        # The scroll position and the height of what scrolls: the scrollbar's thumb is drawn from both.
        where = None if post is None else (post.scroll_offset, post.virtual_size, post.max_scroll_y)
        same = same + 1 if where is not None and where == last else 0
        last = where
        if same >= 3:
            return
    raise AssertionError("the post never settled")


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_post(snap_compare: Any, size: tuple[int, int]) -> None:
    """Berlin in March 1980: Moscow's card, the instruction it carries out, and the envoy's responses."""
    assert snap_compare(beijing_app(), run_before=open_berlin, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_report(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(beijing_app(), press=["enter", "e", "y"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_debrief(snap_compare: Any, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    import game.session

    # Eleven months through the session layer, the twelfth on screen (see resumed_after).
    app = resumed_after(BEIJING, 11, record=Path("/classroom/records/ada-beijing.json"))
    # The debrief names where the record went; keep that path the same on every machine (and write nothing).
    monkeypatch.setattr(game.session, "write_record", lambda path, record: None)
    monkeypatch.setattr(game.session, "write_new_record", lambda path, record: path)
    assert snap_compare(app, run_before=last_month_to_do_nothing, terminal_size=size)
