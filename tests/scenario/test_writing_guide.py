"""`docs/writing-a-scenario.md` walks a teacher from `ambassador new my-crisis.toml`: the lines it shows are what
the scaffold, changed as the guide says, really gives (its example showed lines 121 and 72 and a month of 4
capital, where the scaffold's month holds 3 and its `explain` cost sits on line 110)."""

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
    assert dear.startswith("my-crisis.toml:110: responses.explain.capital: this costs 5 capital, but a month never "
                           "holds more than 3 capital")
    assert f"\n{dear}\n" in GUIDE

    assert "and with a second `capital = 2` line below that one" in GUIDE
    (twice,) = validate(SCAFFOLD.replace(EXPLAIN, "capital = 5\ncapital = 2\n" + EXPLAIN.split("\n", 1)[1]))
    assert twice.startswith("my-crisis.toml:111: TOML syntax error")
    assert f"\n{twice}\n" in GUIDE
