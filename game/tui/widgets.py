"""Widgets of the game's own."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import OptionList

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
