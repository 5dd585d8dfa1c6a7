"""The help screen lists every key the game's screens answer to, under the screen's own heading."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.binding import Binding
from textual.screen import Screen

from game.tui.dialogs import HELP_KEYS
from game.tui.screens import EndScreen, MonthScreen, PostScreen


def listed(section: str) -> set[str]:
    """The keys a help section names: 'up, down', '? or F1' and '1 to 9' read as the keys they stand for."""
    keys: set[str] = set()
    for text, _ in dict(HELP_KEYS)[section]:
        for key in re.split(r", | or ", text):
            if m := re.fullmatch(r"(\d) to (\d)", key):
                keys |= {str(k) for k in range(int(m[1]), int(m[2]) + 1)}
            else:
                keys.add(key.lower())
    return keys


@pytest.mark.parametrize(("screen", "section"), [(MonthScreen, "The month"), (PostScreen, "A post"),
                                                  (EndScreen, "The end")])
def test_every_key_of_a_screen_is_in_its_help(screen: type[Screen[Any]], section: str) -> None:
    bound = {key for b in screen.BINDINGS if isinstance(b, Binding) for key in b.key.split(",")}
    assert bound - listed(section) == set()

