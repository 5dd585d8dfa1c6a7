"""A classroom store filled from the committed class records (the mini scenario), the way served games fill it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from game.classroom.store import Store
from game.records import read

ROOT = Path(__file__).parents[2]
CLASS = ROOT / "tests" / "fixtures" / "records" / "class"
MINI = "tests/fixtures/scenarios/mini.toml"


def fill(db: Path) -> None:
    """Anna, Boris and Clara finished (each stored at the start, after month 1 and at the end); Dmitri is still
    playing; Eve's record was edited after it was stored. Dmitri's name arrives with a path in it. Records made
    from others here are sealed anew (``seal=None``), as the game seals the records it makes."""
    with Store(db) as store:
        for name in ("anna", "boris", "clara"):
            record = read(CLASS / f"{name}.json")
            for months in range(len(record.turns)):
                partial = dataclasses.replace(record, turns=record.turns[:months], finished=False, ending=None,
                                              score=None, seal=None)
                store.add("3B", f"game-{name}", partial)
            store.add("3B", f"game-{name}", record)
        anna = read(CLASS / "anna.json")
        store.add("3B", "game-dmitri", dataclasses.replace(anna, player="../../Dmitri/", turns=anna.turns[:1],
                                                           finished=False, ending=None, score=None, seal=None))
        tampered = read(CLASS / "tampered.json")
        store.add("3B", "game-eve", dataclasses.replace(tampered, player="Eve", seal=None))
        store.add("4A", "game-other", dataclasses.replace(read(CLASS / "boris.json"), player="Other class",
                                                          seal=None))


@pytest.fixture
def class_db(tmp_path: Path) -> Path:
    db = tmp_path / "classroom.sqlite3"
    fill(db)
    return db
