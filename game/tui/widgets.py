"""Widgets of the game's own."""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.strip import Strip
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

try:  # not exported by textual.widgets; KeyFooter sets up its keys with it
    from textual.widgets._footer import FooterKey
except ImportError:  # pragma: no cover - a Textual that moved it: the keys are made as Textual makes them
    FooterKey = None  # type: ignore[assignment,misc]

POINTER = "▶"


def _same(a: object, b: object) -> bool:
    """Whether two contents would draw the same. Rich Texts: their text, spans and every setting that changes how
    they draw (Text's own ``==`` looks at the text and spans only). Rich Tables (a hanging indent is a grid of
    two Texts): every setting of the table and of its columns, and the cells alike. Anything else is taken to
    differ, so that it is drawn again."""
    if isinstance(a, Text) and isinstance(b, Text):
        return (a.plain, a.spans, a.style, a.justify, a.overflow, a.no_wrap, a.end, a.tab_size) == \
            (b.plain, b.spans, b.style, b.justify, b.overflow, b.no_wrap, b.end, b.tab_size)
    if isinstance(a, Table) and isinstance(b, Table):
        if {k: v for k, v in vars(a).items() if k != "columns"} != {k: v for k, v in vars(b).items() if k != "columns"}:
            return False
        if len(a.columns) != len(b.columns):
            return False
        for x, y in zip(a.columns, b.columns, strict=True):
            settings = ({k: v for k, v in vars(x).items() if k != "_cells"},
                        {k: v for k, v in vars(y).items() if k != "_cells"})
            cells = list(x.cells), list(y.cells)
            if settings[0] != settings[1] or len(cells[0]) != len(cells[1]) or \
                    not all(_same(c, d) for c, d in zip(*cells, strict=True)):
                return False
        return True
    return False


def show_text(static: Static, text: Text) -> None:
    """``static.update(text)``, unless it shows that text already: an update lays the whole screen out again
    and draws all of it, though nothing changed (a card answered updated every text of the post)."""
    if not _same(static.content, text):
        static.update(text)


class MarkedOptionList(OptionList):
    """An OptionList whose highlighted option, when the list has focus, is marked with ▶ as well as by colour
    (no meaning by colour alone). The mark takes the option's left padding cell."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
        except (IndexError, AttributeError):  # past the end, or Textual changed its internals
            return strip
        if offset != 0 or index != self.highlighted or strip.cell_length < 2 or not self.has_focus:
            return strip
        first = next(iter(strip), None)
        style = first.style if first is not None else None
        return Strip.join([Strip([Segment(POINTER, style)], 1), strip.crop(1, strip.cell_length)])

    def show_options(self, options: Sequence[Option]) -> None:
        """``set_options(options)``, unless the list holds these options already (the same prompts, ids and
        states): setting them renders every option again and moves the highlight and the scroll, to be put
        back by the caller."""
        now = [self.get_option_at_index(k) for k in range(self.option_count)]
        if len(now) == len(options) and all(_same(a.prompt, b.prompt) and a.id == b.id and a.disabled == b.disabled
                                            for a, b in zip(now, options, strict=True)):
            return
        self.set_options(options)

    def highlighted_lines(self) -> tuple[int, int] | None:
        """(first line, number of lines) of the highlighted option inside the list, or None."""
        index = self.highlighted
        if index is None or not self.is_mounted:
            return None
        try:
            self._update_lines()
            return self._index_to_line[index], self._heights[index]
        except (KeyError, IndexError, AttributeError):  # Textual changed its internals
            return None


class KeyFooter(Footer):
    """Textual's Footer, rebuilt only when what it shows changes. Textual's rebuilds its keys (removes and mounts
    a widget per key) whenever the screen's bindings may have changed: on every focus change, so on every card
    answered and every screen pushed. Most of those leave the same keys; a rebuild then costs the players'
    machine (and the served game's) a layout and a style pass for nothing."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: object = None

    def _keys(self) -> object:
        """What ``Footer.compose`` reads, compared as a whole: the bindings shown, with whether each is enabled,
        its tooltip and its key as displayed, and the command palette's key. None (rebuild, as Textual's Footer
        always does) before the bindings are ready, or where a Textual release changed what this reads."""
        try:
            if not self._bindings_ready:
                return None
            app = self.app
            return [(binding, enabled, tooltip, app.get_key_display(binding))
                    for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                    if binding.show or key == app.COMMAND_PALETTE_BINDING], \
                self.show_command_palette, app.ENABLE_COMMAND_PALETTE
        except (AttributeError, TypeError, ValueError):  # pragma: no cover - Textual changed its internals
            return None

    def compose(self) -> ComposeResult:
        """Footer's keys, each bound one made with the footer's compact setting. Textual makes a key compact (its
        class default) and then, once mounted, sets the keys it binds to the footer's setting: a style pass over
        each key of each footer shown, for a class it never keeps. (The command palette's key is not bound to
        it and stays compact.)"""
        for widget in super().compose():
            if FooterKey is not None and isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    async def recompose(self) -> None:
        if not self.is_attached:  # leaving: nothing to show (Footer's own does nothing then either)
            return
        shown = self._keys()
        if shown is not None and shown == self._shown:
            return
        await super().recompose()
        self._shown = shown
