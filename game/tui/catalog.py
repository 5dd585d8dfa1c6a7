"""The title screen's list of bundled scenarios, read cheaply.

``game.scenario.bundled()`` validates every file with pydantic, which costs more than the whole rest of the
app's start. The title screen needs only each file's title, length and number of posts, so it reads them with
tomllib and leaves validation to the moment a scenario is chosen (where a broken file gets the problems
screen). A light ``peek`` like this belongs in game.scenario; it lives here until that package offers one.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_SCENARIO = "directive-1980"  # the same default as game.scenario.DEFAULT_SCENARIO


@dataclass(frozen=True)
class ScenarioEntry:
    id: str
    path: Path
    title: str
    turns: int
    posts: int
    description: str


def bundled_dir() -> Path:
    """Where the bundled scenarios are (the same rule as game.scenario.bundled_dir)."""
    packaged = Path(str(resources.files("game"))) / "scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios"


def peek(path: Path) -> ScenarioEntry | None:
    """A scenario file's title, length and posts, or None when it is not even TOML."""
    try:
        doc: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    head = doc.get("scenario")
    countries = doc.get("countries")
    if not isinstance(head, dict) or not isinstance(countries, list):
        return None
    posts = sum(1 for c in countries if isinstance(c, dict) and c.get("acts", True) is not False)
    turns = head.get("turns")
    return ScenarioEntry(path.stem, path, str(head.get("title", path.stem)), turns if isinstance(turns, int) else 0,
                         posts, str(head.get("description", "")))


def bundled_entries() -> list[ScenarioEntry]:
    """The bundled scenarios, the default first."""
    found = [e for e in (peek(p) for p in sorted(bundled_dir().glob("*.toml"))) if e is not None]
    found.sort(key=lambda e: (e.id != DEFAULT_SCENARIO, e.id))
    return found
