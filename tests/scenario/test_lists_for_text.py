"""A list, or true or false, where the format wants one text: effects written as a list of effects, a title as
a list of words, a condition as true. The message says how to write it as text (it said "expected text in
quotes, found a list", "found true")."""

from __future__ import annotations

from conftest import line_of, problems_of

from game.scenario.scaffold import scaffold_text

SCAFFOLD = scaffold_text("example")


def test_effects_written_as_a_list() -> None:
    """A list of effects, as a card's responses are a list: the effects are one text with ';' between them
    (it said "expected text in quotes, found a list")."""
    listed = 'effects = ["china_ties += 4", "alignment -= 3"]'
    text = SCAFFOLD.replace('effects = "china_ties += 4; alignment -= 3"', listed, 1)
    assert problems_of(text) == [
        f"s.toml:{line_of(text, listed)}: cards.embassy_invitations.effects: expected text in quotes, found a list; "
        'write the effects as one text, with ; between them: "china_ties += 4; alignment -= 3"']


def test_a_text_written_as_a_list() -> None:
    listed = 'title = ["Invitations", "to the PRC embassy"]'
    text = SCAFFOLD.replace('title = "Invitations to the PRC embassy"', listed, 1)
    assert problems_of(text) == [
        f"s.toml:{line_of(text, listed)}: cards.embassy_invitations.title: expected text in quotes, found a list; "
        "write it as one text in quotes"]


def test_a_condition_written_as_true() -> None:
    written = "when = true"
    text = SCAFFOLD.replace('when = "resentment > 25"         # expression: only drawn while this holds', written, 1)
    assert problems_of(text) == [
        f"s.toml:{line_of(text, written)}: cards.national_model.when: expected text in quotes, found true; put it "
        'in quotes: "true"']
