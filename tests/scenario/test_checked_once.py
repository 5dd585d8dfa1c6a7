"""A process reads a scenario once while it is unchanged: ``check_bytes`` keeps its last answers (by the bytes
and the name problems give the file), ``declared_id`` each file's id (by file, modification time and size).
The TUI's resume, `compare` and `replay` (a Finder reads the id of every bundled scenario) asked again and
again, as the suite's in-process commands do."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from game.scenario import catalog, loader
from game.scenario.catalog import declared_id

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"


class Counted:
    """tomllib, counting the documents it parses."""

    def __init__(self, real: Any) -> None:
        self.real, self.parsed = real, 0
        self.TOMLDecodeError = real.TOMLDecodeError

    def loads(self, text: str) -> Any:
        self.parsed += 1
        return self.real.loads(text)


def test_the_same_bytes_and_name_are_checked_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "_CHECKED", {}, raising=False)  # none kept from the tests before
    toml = Counted(tomllib)
    monkeypatch.setattr(loader, "tomllib", toml)
    raw = TUTORIAL.read_bytes()
    first, problems = loader.check_bytes(raw, "tutorial.toml")
    again, problems_again = loader.check_bytes(bytes(raw), "tutorial.toml")  # equal bytes, another object
    assert toml.parsed == 1, "the same bytes and name were parsed again"
    assert first is not None and problems == problems_again == []
    assert again is first
    other, _ = loader.check_bytes(raw, "copy.toml")  # another name: its own check (problems name the file)
    assert other is not None and other is not first and other.file == "copy.toml" and toml.parsed == 2
    broken = raw.replace(b'id = "tutorial"', b'id = "Tutorial"', 1)
    for _ in range(2):  # problems are kept too, and each caller gets its own list
        none, found = loader.check_bytes(broken, "tutorial.toml")
        assert none is None and len(found) == 1 and "Tutorial" in str(found[0])
        found.clear()
    assert toml.parsed == 3


def test_only_the_last_checks_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "_CHECKED", {})
    toml = Counted(tomllib)
    monkeypatch.setattr(loader, "tomllib", toml)
    raw = TUTORIAL.read_bytes()
    for n in range(loader.CHECKED_KEPT + 1):
        loader.check_bytes(raw, f"{n}.toml")
    assert len(loader._CHECKED) == loader.CHECKED_KEPT and toml.parsed == loader.CHECKED_KEPT + 1
    loader.check_bytes(raw, f"{loader.CHECKED_KEPT}.toml")  # the newest is kept
    assert toml.parsed == loader.CHECKED_KEPT + 1
    loader.check_bytes(raw, "0.toml")  # the oldest went first
    assert toml.parsed == loader.CHECKED_KEPT + 2


def test_a_files_declared_id_is_read_once_while_it_is_unchanged(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    toml = Counted(tomllib)
    monkeypatch.setattr(catalog, "tomllib", toml)
    path = tmp_path / "x.toml"
    path.write_text('[scenario]\nid = "x"\n', encoding="utf-8")
    assert declared_id(path) == declared_id(path) == "x" and toml.parsed == 1
    path.write_text('[scenario]\nid = "xy"\n', encoding="utf-8")  # a new size: read again
    assert declared_id(path) == "xy" and toml.parsed == 2
    path.write_text("[scenario\n", encoding="utf-8")  # not TOML: no id, and that is kept as well
    assert declared_id(path) is None and declared_id(path) is None and toml.parsed == 3
    assert declared_id(tmp_path / "gone.toml") is None
