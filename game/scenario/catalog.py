"""The bundled scenarios, found and read cheaply: no pydantic, no validation.

Validating a file with pydantic costs more than the whole rest of the TUI's start. Listing scenarios needs
only each file's title, length and number of posts, so this module reads them with tomllib and leaves
validation to the moment a scenario is loaded (where a broken file reports its problems). It is what
``import game.scenario`` loads eagerly; the loader and the models load on first use.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from game.files import FileRefused, read_bytes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: The file (without .toml) played when no scenario is named.
DEFAULT_SCENARIO = "directive-1980"


@dataclass(frozen=True)
class ScenarioEntry:
    id: str
    path: Path
    title: str
    turns: int
    posts: int
    description: str


def bundled_dir() -> Path:
    """Where the bundled scenarios are: inside the installed package, or the repository's scenarios/."""
    packaged = Path(str(resources.files("game"))) / "scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios"


#: The largest scenario file read (the loader's limit, here too so that this module stays cheap to import).
MAX_BYTES = 1024 * 1024


def _document(path: Path) -> dict[str, Any] | None:
    """A file's TOML, read by the rule every command follows (game.files), or None when it is not TOML."""
    try:
        doc: dict[str, Any] = tomllib.loads(read_bytes(path, MAX_BYTES).decode("utf-8"))
    except (FileRefused, UnicodeDecodeError, RecursionError, ValueError):  # TOMLDecodeError is a ValueError
        return None
    return doc


def declared_id(path: Path) -> str | None:
    """The [scenario] id a file declares, read without validating the rest (None when unreadable)."""
    doc = _document(path)
    if doc is None:
        return None
    info = doc.get("scenario")
    ident = info.get("id") if isinstance(info, dict) else None
    return ident if isinstance(ident, str) else None


def peek(path: Path) -> ScenarioEntry | None:
    """A scenario file's title, length and posts, or None when it is not even TOML."""
    doc = _document(path)
    if doc is None:
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
