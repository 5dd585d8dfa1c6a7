"""A list, or true or false, where the format wants one text: effects written as a list of effects, a title as
a list of words, a condition as true. The message says how to write it as text (it said "expected text in
quotes, found a list", "found true")."""

from __future__ import annotations

import pytest
from conftest import line_of, problems_of

from game.scenario.scaffold import scaffold_text

SCAFFOLD = scaffold_text("example")


@pytest.mark.parametrize(("line", "written", "key", "advice"), [
    pytest.param(  # a list of effects, as a card's responses are a list: one text, with ';' between them
        'effects = "china_ties += 4; alignment -= 3"', 'effects = ["china_ties += 4", "alignment -= 3"]',
        "cards.embassy_invitations.effects",
        'found a list; write the effects as one text, with ; between them: "china_ties += 4; alignment -= 3"',
        id="effects-as-a-list"),
    pytest.param(
        'title = "Invitations to the PRC embassy"', 'title = ["Invitations", "to the PRC embassy"]',
        "cards.embassy_invitations.title", "found a list; write it as one text in quotes", id="text-as-a-list"),
    pytest.param(
        'when = "resentment > 25"         # expression: only drawn while this holds', "when = true",
        "cards.national_model.when", 'found true; put it in quotes: "true"', id="condition-as-true"),
])
def test_a_value_where_the_format_wants_text(line: str, written: str, key: str, advice: str) -> None:
    """The scaffold's ``line`` written as ``written``: one problem, at that line and key, saying how to write it
    as text (it said only "expected text in quotes, found a list" or "found true")."""
    text = SCAFFOLD.replace(line, written, 1)
    assert problems_of(text) == [f"s.toml:{line_of(text, written)}: {key}: expected text in quotes, {advice}"]
