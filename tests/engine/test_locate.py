"""The TOML line locator: every key's line, so problems can say FILE:LINE."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario.locate import key_at, key_lines, line_of

ROOT = Path(__file__).resolve().parents[2]

TEXT = '''\
# a comment = not a key
title = "top"
[scenario]
id = "x"
intro = """
fake = "inside a multi-line string"
[not_a_table]
"""
turns = 3

[[countries]]
id = "a"
list = [
  "b = 1",   # inside an array
  { c = 2 },
]
after = 1

[[countries]]
id = "b"
block = { vigilance = 0.9, "quoted key" = 0.1 }
a.b.c = 1

[countries.extra]
k = 1
[ "spaced" . 'header' ]
v = 2
'''


def test_key_lines() -> None:
    lines = key_lines(TEXT)
    assert lines[("title",)] == 2
    assert lines[("scenario",)] == 3
    assert lines[("scenario", "id")] == 4
    assert lines[("scenario", "intro")] == 5
    assert lines[("scenario", "turns")] == 9
    assert ("scenario", "fake") not in lines
    assert ("not_a_table",) not in lines
    assert lines[("countries",)] == 11
    assert lines[("countries", 0)] == 11
    assert lines[("countries", 0, "id")] == 12
    assert lines[("countries", 0, "list")] == 13
    assert lines[("countries", 0, "after")] == 17
    assert ("countries", 0, "c") not in lines
    assert lines[("countries", 1)] == 19
    assert lines[("countries", 1, "block")] == 21
    assert lines[("countries", 1, "block", "vigilance")] == 21
    assert lines[("countries", 1, "block", "quoted key")] == 21
    assert lines[("countries", 1, "a", "b", "c")] == 22
    assert lines[("countries", 1, "extra", "k")] == 25
    assert lines[("spaced", "header", "v")] == 27


def test_line_of_falls_back_to_the_longest_known_prefix() -> None:
    lines = key_lines(TEXT)
    assert line_of(lines, ("countries", 1, "block", "missing")) == 21
    assert line_of(lines, ("countries", 1, "name")) == 19
    assert line_of(lines, ("nowhere", 3)) == 1
    assert line_of(lines, ()) == 1


def test_a_table_made_by_a_dotted_header_or_key_starts_where_it_is_first_named() -> None:
    """[[event]] then [[events.options]]: TOML makes a table 'events' on the second header, and a problem with
    it must point there, not at line 1."""
    lines = key_lines('[[event]]\nid = "a"\n\n[[events.options]]\nid = "b"\n[t]\np.q = 1\n')
    assert lines[("events",)] == 4
    assert lines[("events", "options")] == 4
    assert lines[("t", "p")] == 7 and lines[("t", "p", "q")] == 7


def test_every_tutorial_entry_has_its_header_line() -> None:
    text = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
    lines = key_lines(text)
    source = text.splitlines()
    for path, number in lines.items():
        last = path[-1]
        if isinstance(last, int):
            assert source[number - 1].startswith(f"[[{path[-2]}]]"), path
        elif len(path) > 1 and isinstance(path[-2], int):
            assert source[number - 1].startswith(f"{last} ="), path


@pytest.mark.parametrize(("line", "key"), [
    ('id = "x"', ("id",)),
    ('  a.b = 1', ("a", "b")),
    ('"quoted = key" = 1', ("quoted = key",)),
    ("# comment = 1", ()),
    ("[table]", ()),
    ("", ()),
])
def test_key_at(line: str, key: tuple[str, ...]) -> None:
    assert key_at(line) == key


@pytest.mark.parametrize("text", ["[", "[[", "a = [", 'a = """', "a = {", "[[a]]\n[[a]]\n[a.b]\n", "= 1",
                                  "[a\n", "x = ''' \n", "\n\n]]]", "a.\"b", "[\"unclosed"])
def test_malformed_text_does_not_raise(text: str) -> None:
    """The locator runs only on text tomllib accepted, but must never fail on any other."""
    key_lines(text)
