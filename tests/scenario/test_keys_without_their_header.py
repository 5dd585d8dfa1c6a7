"""Keys written without the [table] header they belong under (a teacher deleted "[scenario]", or wrote the
resources above their header): each says which table it belongs to. They were "unknown key 'id' (allowed here:
scenario, words, resources, ...)", and max_cards "did you mean 'cards'?"."""

from __future__ import annotations

from conftest import line_of, problems_of

from game.scenario.scaffold import scaffold_text

SCAFFOLD = scaffold_text("example")


def test_the_scenario_header_deleted() -> None:
    text = SCAFFOLD.replace("[scenario]\n", "", 1)
    keys = ["id", "title", "description", "introduction", "start", "turns", "seed", "max_cards"]
    assert problems_of(text) == ["s.toml:1: scenario: the file has no [scenario] table; it is required"] + [
        f"s.toml:{line_of(text, key + ' =')}: {key}: unknown key {key!r}: it belongs in the [scenario] table, "
        "and the file has no [scenario] header: write [scenario] on a line of its own above these keys"
        for key in keys]


def test_a_key_above_its_header_is_read_as_part_of_the_table_before() -> None:
    text = SCAFFOLD.replace("[resources]\ncapital = 2 ", "capital_carry = 1\n\n[resources]\ncapital = 2 ", 1)
    text = text.replace("capital_carry = 1           # unspent capital kept for next month, at most\n", "", 1)
    line = line_of(text, "capital_carry = 1")
    assert line_of(text, "[scenario]") < line < line_of(text, "[resources]")
    assert problems_of(text) == [
        f"s.toml:{line}: scenario.capital_carry: unknown key 'capital_carry': it belongs in the [resources] table, "
        "but it comes after the [scenario] header, so TOML reads it as part of [scenario]: move it below the "
        "[resources] header"]


def test_a_key_above_every_header() -> None:
    text = SCAFFOLD.replace("[scenario]\n", "economy = 2\n\n[scenario]\n", 1)
    text = text.replace("economy = 2                 # economic budget for the whole game (it is not renewed)\n",
                        "", 1)
    assert problems_of(text) == [
        f"s.toml:{line_of(text, 'economy = 2')}: economy: unknown key 'economy': it belongs in the [resources] "
        "table; move it below the [resources] header"]
