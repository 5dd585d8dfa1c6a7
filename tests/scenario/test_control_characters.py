"""Text in a scenario that would drive the terminal it is shown on: TOML lets a file write any character as
``\\u001b``, so a scenario passed around a staff room could clear a teacher's screen, retitle their terminal
window or set its clipboard (OSC 52) when played with --plain or simulated; the text reached the terminal as
it was. It is a problem of the file, with its line and key, and the file does not load."""

from __future__ import annotations

from conftest import line_of, problems_of

from game.scenario import check_bytes
from game.scenario.scaffold import scaffold_text


def test_an_escape_sequence_in_a_text_is_refused_with_its_line_and_key() -> None:
    text = scaffold_text("s")
    title = 'title = "My first scenario"'
    ignore = 'text = "Free, but China\'s move takes full effect."'
    assert title in text and ignore in text
    text = text.replace(title, 'title = "My \\u001b[2J\\u001b[31mfirst"').replace(
        ignore, 'text = "\\u001b]52;c;cm0gLXJmIH4=\\u0007Free."')
    why = "the text holds the control character {}, which would drive the screen it is shown on; delete it"
    assert problems_of(text) == [
        f"s.toml:{line_of(text, 'title = ')}: scenario.title: {why.format(chr(92) + 'x1b')}",
        f"s.toml:{line_of(text, 'text = ' + chr(34) + chr(92) + 'u001b]52')}: responses.ignore.text: "
        f"{why.format(chr(92) + 'x1b')}",
    ]


def test_line_breaks_and_tabs_in_text_are_text() -> None:
    text = scaffold_text("s").replace('title = "My first scenario"', 'title = "My\\tfirst scenario"')
    scenario, problems = check_bytes(text.replace("\n", "\r\n").encode(), "s.toml")
    assert problems == [] and scenario is not None
    assert scenario.title == "My\tfirst scenario"
