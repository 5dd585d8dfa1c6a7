"""Dated changes of a post's text, and events told once: known answers on the main scenario and by hand."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.cli import main
from game.engine.report import Told, told_once
from game.engine.state import EventFired
from game.scenario import load

ROOT = Path(__file__).resolve().parents[2]
MAIN = load(ROOT / "scenarios" / "directive-1980.toml")
POLAND = MAIN.country_index("poland")
YUGOSLAVIA = MAIN.country_index("yugoslavia")


def test_a_leader_changes_from_the_month_of_the_date() -> None:
    # March 1980 is month 1: 6 September 1980 falls in month 7, 4 May 1980 in month 3.
    assert MAIN.country_at(POLAND, 6).leader.startswith("Edward Gierek")
    assert MAIN.country_at(POLAND, 7).leader.startswith("Stanisław Kania")
    assert MAIN.country_at(POLAND, 12).leader.startswith("Stanisław Kania")
    assert MAIN.country_at(YUGOSLAVIA, 2).leader.startswith("Josip Broz Tito")
    assert "collective Presidency" in MAIN.country_at(YUGOSLAVIA, 3).leader
    # What a change leaves empty keeps its text.
    assert MAIN.country_at(POLAND, 7).party == MAIN.countries[POLAND].party
    assert [ch.country for ch in MAIN.changes_in(7)] == [POLAND]
    assert MAIN.changes_in(8) == ()


def test_an_event_is_told_once_with_every_country_it_fired_at() -> None:
    fired = [EventFired(4, "neutrality", "gdr"), EventFired(4, "tito_dies", None),
             EventFired(4, "neutrality", "laos"), EventFired(4, "partner", "dprk")]
    assert told_once(fired) == (Told("neutrality", ("gdr", "laos")), Told("tito_dies", ()),
                                Told("partner", ("dprk",)))


def test_the_plain_game_tells_the_change_in_its_month(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AMBASSADOR_HOME", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("e\ny\n\n" * 30))
    assert main(["play", "directive-1980", "--plain", "--seed", "3", "--record", str(tmp_path / "g.json")]) == 0
    out = capsys.readouterr().out
    september = out.split("September 1980: month 7 of 12", 1)[1].split("Card 1", 1)[0]
    assert "6 September 1980: Poland (Warsaw)" in september and "Stanisław Kania now leads" in september
    assert out.count("Stanisław Kania now leads") == 1
