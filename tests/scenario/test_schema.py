"""The committed JSON Schema (editors complete and check scenario keys with it) must match the models."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Ambassador

from game.scenario import schema_text

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "scenarios" / "scenario.schema.json"
REGENERATE = "python -m game schema -o scenarios/scenario.schema.json"


def test_committed_schema_matches_the_models() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        f"{COMMITTED.relative_to(ROOT)} has drifted from the models in game/scenario/models.py; regenerate "
        f"it with `{REGENERATE}` and commit it")


def test_schema_is_json_and_names_every_section() -> None:
    schema = json.loads(schema_text())
    assert schema["title"] == "Ambassador scenario"
    assert schema["additionalProperties"] is False
    assert {"scenario", "resources", "groups", "countries", "responses", "cards", "endings"} <= \
        set(schema["required"])


def test_schema_command_writes_the_same_text(tmp_path: Path, ambassador: Ambassador) -> None:
    out = tmp_path / "schema.json"
    proc = ambassador("schema", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == schema_text()


def test_the_tutorial_points_editors_at_the_schema() -> None:
    first = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./scenario.schema.json"
