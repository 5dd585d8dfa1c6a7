"""What a key changes is what is drawn again (game.tui.widgets). The footer (KeyFooter) shows the keys of what has
the focus, as Textual's Footer does, and keeps its key widgets while those keys stay the same (Textual's rebuilds
them on every focus change). That a card answered updates only the texts and response lists that changed is
checked in Warsaw by tests/tui/test_tui_play.py::test_post_keeps_its_name_card_budget_and_highlight_in_view."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from game.tui.widgets import KeyFooter

from .conftest import run_async


class Cut(Static, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "app.bell", "Cut")]


class Paste(Static, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("y", "app.bell", "Paste")]


class Two(App[None]):
    """Focusable boxes whose keys the footer shows: a and c with x (Cut), b with y (Paste)."""

    def compose(self) -> ComposeResult:
        yield Cut("a", id="a")
        yield Paste("b", id="b")
        yield Cut("c", id="c")
        yield KeyFooter()


def shown(app: Two) -> list[tuple[str, str]]:
    return [(key.key, key.description) for key in app.query(FooterKey)]


async def focus(app: Two, pilot: Pilot[None], box: str) -> None:
    """Give the box the focus, and let the app settle."""
    app.query_one(f"#{box}").focus()
    await pilot.pause()


@run_async
async def test_the_footer_shows_the_keys_of_what_has_the_focus() -> None:
    app = Two()
    async with app.run_test(size=(60, 6)) as pilot:
        await focus(app, pilot, "a")
        assert ("x", "Cut") in shown(app) and ("y", "Paste") not in shown(app)
        await focus(app, pilot, "b")
        assert ("y", "Paste") in shown(app) and ("x", "Cut") not in shown(app)
        await focus(app, pilot, "a")
        assert ("x", "Cut") in shown(app) and ("y", "Paste") not in shown(app)


@run_async
async def test_the_footer_keeps_its_keys_when_the_focus_moves_and_they_stay_the_same() -> None:
    app = Two()
    async with app.run_test(size=(60, 6)) as pilot:
        await focus(app, pilot, "a")
        before = list(app.query(FooterKey))
        assert ("x", "Cut") in shown(app)
        await focus(app, pilot, "c")  # the same keys
        assert list(app.query(FooterKey)) == before and all(key.is_attached for key in before)


@run_async
async def test_the_footers_keys_are_made_as_they_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key bound to the footer's compact setting gets a style pass once mounted: each is made with that
    setting, not made compact and set back (Textual's Footer: a style pass per key of every footer shown). The
    command palette's key, which Textual styles on its own, is left out."""
    passes: list[str] = []
    update = FooterKey.update_node_styles

    def counted(self: FooterKey, animate: bool = True) -> None:
        if not self.has_class("-command-palette"):
            passes.append(self.key)
        update(self, animate=animate)

    monkeypatch.setattr(FooterKey, "update_node_styles", counted)
    app = Two()
    async with app.run_test(size=(60, 6)) as pilot:
        await focus(app, pilot, "a")
        await focus(app, pilot, "b")
        assert ("y", "Paste") in shown(app)
    assert passes == []
