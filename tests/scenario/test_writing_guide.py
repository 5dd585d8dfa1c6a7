"""`docs/writing-a-scenario.md` walks a teacher from `ambassador new my-crisis.toml`: the lines it shows are what
the scaffold, changed as the guide says, really gives (its example showed lines 121 and 72 and a month of 4
capital, where the scaffold's month holds 3 and its `explain` cost sat on another line)."""

from __future__ import annotations

from pathlib import Path

from conftest import problems_of

from game.scenario.scaffold import scaffold_text

GUIDE = (Path(__file__).resolve().parents[2] / "docs" / "writing-a-scenario.md").read_text(encoding="utf-8")
SCAFFOLD = scaffold_text("my-crisis")
#: The scaffold's `explain` response costs 1 capital on this line.
EXPLAIN = "capital = 1\nblock = 0.5                 # share of a card's effects it prevents\n"


def validate(text: str) -> list[str]:
    return problems_of(text, "my-crisis.toml")


def test_the_guides_validate_examples_are_what_the_scaffold_gives() -> None:
    assert SCAFFOLD.count(EXPLAIN) == 1
    assert "with the cost of the scaffold's `explain` response raised from 1 to 5" in GUIDE
    (dear,) = validate(SCAFFOLD.replace(EXPLAIN, EXPLAIN.replace("capital = 1", "capital = 5")))
    line = SCAFFOLD[:SCAFFOLD.index(EXPLAIN)].count("\n") + 1  # the line of `capital = 1`
    assert dear.startswith(f"my-crisis.toml:{line}: responses.explain.capital: this costs 5 capital, but a month "
                           "never holds more than 3 capital")
    assert f"\n{dear}\n" in GUIDE

    assert "and with a second `capital = 2` line below that one" in GUIDE
    (twice,) = validate(SCAFFOLD.replace(EXPLAIN, "capital = 5\ncapital = 2\n" + EXPLAIN.split("\n", 1)[1]))
    assert twice.startswith(f"my-crisis.toml:{line + 1}: TOML syntax error")
    assert f"\n{twice}\n" in GUIDE


def test_the_scaffold_names_each_country_as_students_know_it(tmp_path: Path) -> None:
    """The scaffold's watched Romania had neither a short nor a common name, so both defaulted to its full name:
    the map showed 'Socialist R watch' and the debrief 'Socialist Republic of Romania (Bucharest): Socialist
    Republic of Romania, watched', where the posts it runs read 'Hungary' and 'Bulgaria'."""
    from game.scenario import load
    from game.text import place

    path = tmp_path / "my-crisis.toml"
    path.write_text(SCAFFOLD, encoding="utf-8")
    assert [place(c) for c in load(path).countries] == ["Hungary", "Bulgaria", "Romania"]
