"""The bundled tutorial's hints say what its numbers do, and the tutorial passes its own balance verdict."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Ambassador

from game.scenario import load

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"


def test_the_control_contacts_hint_matches_the_cards() -> None:
    sc = load(TUTORIAL)
    hint = next(text for turn, text in sc.hints if turn == 1 and "Control contacts" in text)
    vigilance = sc.response("vigilance")
    assert "80 to 90%" in hint and "adds 5 resentment" in hint
    for card in ("embassy_invitations", "youth_contacts"):  # "China's bids for contacts"
        assert 0.8 <= sc.card(card).block_for(vigilance) <= 0.9
    for card in ("trade_promises", "separate_tracks"):  # "little of trade promises or the split tactic"
        assert sc.card(card).block_for(vigilance) <= 0.3
    assert any(e.var == "resentment" and e.value.const == 5 for e in vigilance.effects)
    # "above 45 where stability is under 55, as in Warsaw, it turns into unrest"
    unrest = sc.event("unrest").when
    assert unrest is not None and unrest.source == "resentment > 45 and stability < 55"
    assert sc.country("poland").start[3] < 55 and sc.country("gdr").start[2] < 20  # Berlin: resentment low


def test_the_tutorial_passes_its_own_simulate_verdict(ambassador: Ambassador) -> None:
    done = ambassador("simulate", str(TUTORIAL), "--games", "60", "--jobs", "1", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["verdict"]["problems"] == 0, report["findings"]
    assert ("ok", "content") in {(f["kind"], f["subject"]) for f in report["findings"]}  # every event fired
