"""The title screen's list of scenarios (game.scenario.catalog.peek) reads only the [scenario] and
[[countries]] tables of each file, and each file once while it is unchanged: what it finds is what the whole
file says."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from game.scenario.catalog import ScenarioEntry, _sections, bundled_dir, peek

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(bundled_dir().glob("*.toml")) + sorted((ROOT / "tests").rglob("fixtures/scenarios/*.toml"))


def whole(path: Path) -> ScenarioEntry:
    """The entry as the whole file, parsed in one piece, gives it."""
    doc: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    head, countries = doc["scenario"], doc["countries"]
    posts = sum(1 for c in countries if c.get("acts", True) is not False)
    return ScenarioEntry(path.stem, path, head["title"], head["turns"], posts, head.get("description", ""))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_peek_finds_what_the_whole_file_says(path: Path) -> None:
    assert peek(path) == whole(path)


SCENARIO = '''[scenario]
id = "x"
title = "Title {n}"
turns = 3
description = """Two posts.
[[countries]]
acts = false
"""

[[countries]]
id = "a"
acts = false

[countries.start]
stability = 50

[[countries]]
id = "b"
'''


def test_a_header_inside_a_multiline_string_and_a_changed_file(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(SCENARIO.format(n=1), encoding="utf-8")
    first = peek(path)
    assert first == whole(path) and first is not None and first.posts == 1 and first.title == "Title 1"
    path.write_text(SCENARIO.format(n=22), encoding="utf-8")  # a new size: read again
    assert peek(path) == whole(path) and whole(path).title == "Title 22"


@pytest.mark.parametrize("path", sorted(bundled_dir().glob("*.toml")), ids=lambda p: p.stem)
def test_a_file_with_windows_line_endings_is_listed_as_it_says(path: Path, tmp_path: Path) -> None:
    """A checkout on Windows (git's autocrlf) gives every bundled scenario CRLF line endings: the title screen
    listed none of them (no header was found, so the list read an empty table)."""
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert peek(copy) == whole(copy)


def test_the_tables_kept_are_cut_at_each_header_however_it_is_written() -> None:
    """Worked by hand: a header on the first line, one indented with a comment, two in a row, a CRLF one, and
    the last line a header with no newline after it; [[countries]] keeps only its header and its acts line."""
    keep = {"[scenario": None, "[[countries": re.compile(r"^[ \t]*acts[ \t]*=.*$", re.MULTILINE)}
    text = ('[scenario]\nid = "x"\n'
            '  [[ countries ]]  # the first\nid = "a"\nacts = false\n'
            '[other]\n[[countries]]\r\nid = "b"\r\n'
            '[[cards]]\nid = "c"\n'
            '[scenario.more]')
    assert _sections(text, keep) == ('[scenario]\nid = "x"\n'
                                     '  [[ countries ]]  # the first\nacts = false\n'
                                     '[[countries]]\n')
