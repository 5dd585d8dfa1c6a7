"""`ambassador compare` over committed records: verified games, divergences, and rejected records with reasons."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from conftest import Ambassador

ROOT = Path(__file__).parents[2]
CLASS = "tests/fixtures/records/class"
MINI = "tests/fixtures/scenarios/mini.toml"
GOLDEN = ROOT / "tests" / "fixtures" / "records" / "compare.golden.txt"


def test_compare_table_matches_golden(ambassador: Ambassador) -> None:
    result = ambassador("compare", CLASS, "--scenario", MINI)
    assert result.returncode == 0, result.stderr
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(result.stdout)
    assert result.stdout == GOLDEN.read_text()
    # Tampered, other-version and non-record files are listed apart, never counted.
    assert "3 verified games" in result.stdout
    assert "tampered.json: does not replay: month 1" in result.stdout
    assert "other-version.json: does not replay: month 2" in result.stdout and "another version" in result.stdout


def test_compare_csv_and_html(ambassador: Ambassador, tmp_path: Path) -> None:
    out_csv, per_turn, out_html = tmp_path / "c.csv", tmp_path / "t.csv", tmp_path / "c.html"
    made = ambassador("compare", CLASS, "--scenario", MINI, "--csv", str(out_csv), "--html", str(out_html))
    assert made.returncode == 0
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert [(r["player"], r["score"], r["ending"]) for r in rows] == [
        ("Boris", "66", "bad"), ("Anna", "63", "bad"), ("Clara", "61", "bad")]
    assert rows[0]["alignment_a"] == "77.00"
    assert ambassador("compare", CLASS, "--scenario", MINI, "--csv", str(per_turn), "--per-turn").returncode == 0
    turns = list(csv.DictReader(io.StringIO(per_turn.read_text())))
    assert len(turns) == 6 and turns[0]["month"] == "December 1980" and turns[0]["choices"] == "t1-a-1=soft"
    page = out_html.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', ""), "the page must open offline"


def test_compare_exit_codes(ambassador: Ambassador, tmp_path: Path) -> None:
    assert ambassador("compare", str(tmp_path / "missing")).returncode == 2
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "x.json").write_text("nope")
    result = ambassador("compare", str(only_bad))
    assert result.returncode == 1 and "not JSON" in result.stdout
