"""The bundled scenarios' hints hold on every difficulty a teacher can choose (the one-period plan of the
teacher's guide plays the main scenario on easy)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.scenario import load

ROOT = Path(__file__).resolve().parents[2]
WORDS = dict(enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                       "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                       "nineteen", "twenty"]))


@pytest.mark.parametrize("name", ["directive-1980", "beijing-1980", "tutorial"])
def test_no_hint_states_the_capital_of_one_difficulty(name: str) -> None:
    """'seven capital' in the first month's hint was the standard difficulty's; on easy the month has nine."""
    sc = load(ROOT / "scenarios" / f"{name}.toml")
    amounts = {d.capital for d in sc.difficulties}
    if len(amounts) < 2:
        pytest.fail(f"{name}: its difficulties should differ in capital, as this test assumes")
    for turn, text in sc.hints:
        for amount in amounts:
            said = re.search(rf"\b({WORDS[int(amount)]}|{amount:g}) {sc.words.capital_short}\b", text, re.I)
            assert said is None, (name, turn, said and said[0])
