"""The bundled scenarios, found and read cheaply: no pydantic, no validation.

Validating a file with pydantic costs more than the whole rest of the TUI's start. Listing scenarios needs
only each file's title, length and number of posts, so this module reads them with tomllib and leaves
validation to the moment a scenario is loaded (where a broken file reports its problems). It is what
``import game.scenario`` loads eagerly; the loader and the models load on first use.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from game.files import FileRefused, read_bytes
from game.paths import shipped

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
    return shipped("scenarios")


#: The largest scenario file read (the loader's limit, here too so that this module stays cheap to import).
MAX_BYTES = 1024 * 1024


#: A table header alone on its line, ``[name]`` or ``[[name]]``, perhaps with a comment, the line ending in LF or
#: CRLF; found after the newline that begins its line (the text is searched with one put before it): a search for
#: a newline runs through a long file at once, where one for the start of a line tries to match at every
#: character (about 18 million machine instructions for the bundled scenarios, 2% of the title screen's start).
_HEADER = re.compile(r"\n([ \t]*(\[\[?)[ \t]*([^\]\r\n]*?)[ \t]*\]\]?[ \t]*(?:#[^\r\n]*)?)\r?$", re.MULTILINE)


def _sections(text: str, keep: Mapping[str, re.Pattern[str] | None]) -> str:
    """Only the tables of ``text`` whose header is in ``keep`` (``[scenario]``, ``[[countries]]``), each with
    its own keys up to the next header, or with only the lines its pattern matches: what the title screen
    needs, a small part of a long scenario (a whole scenario takes the TOML parser longer than the rest of the
    title screen's start)."""
    # In "\n" + text, a match starts at the newline before its line: at the line's own start in ``text``.
    cuts = list(_HEADER.finditer("\n" + text))
    parts = []
    for k, match in enumerate(cuts):
        name = f"{match[2]}{match[3]}"
        if name not in keep:
            continue
        table = text[match.start():cuts[k + 1].start() if k + 1 < len(cuts) else len(text)]
        lines = keep[name]
        if lines is None:
            parts.append(table)  # it ends where the next header starts: kept neighbours join up exactly
        else:
            parts.append("\n".join([match[1], *lines.findall(table)]) + "\n")
    return "".join(parts)


#: What the title screen reads of a scenario: its [scenario] table, and of each [[countries]] table only whether
#: the country is a post (``acts``); its texts, most of a long scenario's countries, are not parsed.
_TITLE_TABLES: dict[str, re.Pattern[str] | None] = {
    "[scenario": None, "[[countries": re.compile(r"^[ \t]*acts[ \t]*=.*$", re.MULTILINE)}


def _document(path: Path, keep: Mapping[str, re.Pattern[str] | None] | None = None) -> dict[str, Any] | None:
    """A file's TOML, read by the rule every command follows (game.files), or None when it is not TOML. With
    ``keep``, only those tables (or lines of them) are parsed; should that slice not parse (a header-like line
    inside a multi-line string), the whole file is. (A line like ``[other]``, or ``acts = false`` of a country,
    inside a multi-line string of a kept table can change what is read here; the list only shows it, and the
    scenario, when opened, is read whole.)"""
    try:
        text = read_bytes(path, MAX_BYTES).decode("utf-8")
    except (FileRefused, UnicodeDecodeError):
        return None
    if keep is not None:
        try:
            part: dict[str, Any] = tomllib.loads(_sections(text, keep))
        except (RecursionError, ValueError):  # TOMLDecodeError is a ValueError
            pass
        else:
            return part
    try:
        doc: dict[str, Any] = tomllib.loads(text)
    except (RecursionError, ValueError):
        return None
    return doc


#: What ``declared_id`` found, by file and its modification time and size: a Finder reads the id of every
#: bundled scenario, and a process may make more than one (each `compare` and `replay` of a test run does).
_DECLARED: dict[tuple[str, int, int], str | None] = {}

_T = TypeVar("_T")


def _while_unchanged(cache: dict[tuple[str, int, int], _T | None], path: Path, read: Callable[[Path], _T | None]
                     ) -> _T | None:
    """``read(path)``, kept in ``cache`` while the file's modification time and size stay the same (None when
    the file cannot be found)."""
    try:
        st = path.stat()
    except OSError:
        return None
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in cache:
        cache[key] = read(path)
    return cache[key]


def declared_id(path: Path) -> str | None:
    """The [scenario] id a file declares, read without validating the rest (None when unreadable)."""
    return _while_unchanged(_DECLARED, path, _declared_id)


def _declared_id(path: Path) -> str | None:
    doc = _document(path)  # the whole file: a record's scenario is looked up by it, so it must be TOML
    if doc is None:
        return None
    info = doc.get("scenario")
    ident = info.get("id") if isinstance(info, dict) else None
    return ident if isinstance(ident, str) else None


#: What ``peek`` found, by file and its modification time and size: the title screen asks more than once.
_PEEKED: dict[tuple[str, int, int], ScenarioEntry | None] = {}


def peek(path: Path) -> ScenarioEntry | None:
    """A scenario file's title, length and posts, or None when it is not even TOML."""
    return _while_unchanged(_PEEKED, path, _peek)


def _peek(path: Path) -> ScenarioEntry | None:
    # Only the tables listed: a file broken elsewhere is still listed, and reports its problems when opened.
    doc = _document(path, _TITLE_TABLES)
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
