"""Widgets of the game's own."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Footer, OptionList

POINTER = "▶"


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
        its tooltip and its key as displayed, and the command palette's key."""
        if not self._bindings_ready:
            return None
        app = self.app
        return [(binding, enabled, tooltip, app.get_key_display(binding))
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING], \
            self.show_command_palette, app.ENABLE_COMMAND_PALETTE

    async def recompose(self) -> None:
        if not self.is_attached:  # leaving: nothing to show (Footer's own does nothing then either)
            return
        shown = self._keys()
        if shown is not None and shown == self._shown:
            return
        await super().recompose()
        self._shown = shown
