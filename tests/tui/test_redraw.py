"""What a key changes is what is drawn again (game.tui.widgets). The footer (KeyFooter) shows the keys of what has
the focus, as Textual's Footer does, and keeps its key widgets while those keys stay the same (Textual's rebuilds
them on every focus change). A card answered updates the texts and response lists that changed, not all of them
(each update lays out and draws the whole screen again)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
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


@run_async
async def test_the_footer_shows_the_keys_of_what_has_the_focus() -> None:
    app = Two()
    async with app.run_test(size=(60, 6)) as pilot:
        app.query_one("#a").focus()
        await pilot.pause()
        assert ("x", "Cut") in shown(app) and ("y", "Paste") not in shown(app)
        app.query_one("#b").focus()
        await pilot.pause()
        assert ("y", "Paste") in shown(app) and ("x", "Cut") not in shown(app)
        app.query_one("#a").focus()
        await pilot.pause()
        assert ("x", "Cut") in shown(app) and ("y", "Paste") not in shown(app)


@run_async
async def test_the_footer_keeps_its_keys_when_the_focus_moves_and_they_stay_the_same() -> None:
    app = Two()
    async with app.run_test(size=(60, 6)) as pilot:
        app.query_one("#a").focus()
        await pilot.pause()
        before = list(app.query(FooterKey))
        assert ("x", "Cut") in shown(app)
        app.query_one("#c").focus()  # the same keys
        await pilot.pause()
        assert list(app.query(FooterKey)) == before and all(key.is_attached for key in before)


@run_async
async def test_a_card_answered_redraws_only_what_it_changed() -> None:
    """Warsaw (tutorial, seed 1980), two cards: answering the first leaves the post's head and the second
    card's responses as they were (game.tui.widgets.show_text, MarkedOptionList.show_options: updating them
    would lay out and draw the whole post again), while the bar shows the capital spent."""
    from textual.widgets import Static

    from game.tui import make_app
    from game.tui.screens import PostScreen
    from game.tui.widgets import MarkedOptionList

    from .conftest import TUTORIAL

    app = make_app(str(TUTORIAL), seed=1980, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n", "3", "n")  # Berlin answered; Warsaw opens (two cards)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PostScreen) and screen.country == "poland"
        head = screen.query_one("#post-head", Static).content
        second = screen.query_one("#resp-1", MarkedOptionList)
        options = [second.get_option_at_index(k) for k in range(second.option_count)]
        bar = str(screen.query_one("#post-bar", Static).render())
        await pilot.press("4")  # card 1 answered
        await pilot.pause()
        assert str(screen.query_one("#post-bar", Static).render()) != bar  # the capital spent is shown
        assert screen.query_one("#post-head", Static).content is head
        assert [second.get_option_at_index(k) for k in range(second.option_count)] == options
        assert all(a is b for a, b in zip(options, [second.get_option_at_index(k) for k in range(second.option_count)],
                                          strict=True))
