"""TOML syntax errors in a teacher's words, on the line where the mistake starts (in-process: the command
adds nothing here; tests/scenario/test_validate_golden.py runs `validate` on whole files)."""

from __future__ import annotations

import pytest

from game.scenario.loader import check_bytes
from game.scenario.syntax import HIDDEN

#: (what the teacher wrote, the line reported, words the message must hold)
CASES: list[tuple[str, int, str]] = [
    ('a = 1\nb = 2 // two\n', 2, "'//' does not start a comment in TOML: start the comment with # instead"),
    ('weight = 1,5\n', 1, "write decimal numbers with a point, not a comma: 1.5, not 1,5"),
    ('name = \u201cDo nothing\u201d\n', 1, "these are curly quotes"),
    ("name = \u2018Do nothing\u2019\n", 1, "TOML needs straight quotes"),
    ('start = 1980-03\n', 1, 'a date is text in double quotes, written YYYY-MM or YYYY-MM-DD, as in "1980-03"'),
    ('date = 1980-5-4\n', 1, 'as in "1980-05-04"'),
    ('date = 1980-04-31\n', 1, '1980-04-31 is not a date in the calendar'),
    ('a = 1\ntext = """Opened here\nb = 2\nc = 3\n', 2, 'the text opened here with """ is never closed'),
    ("a = 1\ntext = '''Opened here\nb = 2\n", 2, "the text opened here with ''' is never closed"),
    ('a = 1\nname = "Do nothing\nb = 2\n', 2, 'the text opened here with " is not closed on its line'),
    ('text = "The "Iron" Lady"\n', 1, 'to put a double quote inside text, write \\"'),
    ("text = 'it's'\n", 1, 'put text with an apostrophe in double quotes'),
    ('groups = ["a",\n  "b"\nc = 1\n', 1, "the list [ ... ] that starts here is not closed"),
    ('block = { a = 1,\n  b = 2 }\n', 1, "a { ... } table must be written on one line"),
    ('acts = yes\n', 1, "yes is not a value: write true"),
    ('acts = False\n', 1, "False is not a value: write false"),
    ('name = Do nothing\n', 1, 'text must be in double quotes: write "Do nothing"'),
    ('groups = [double_dealing]\n', 1, 'text must be in double quotes: write "double_dealing"'),
    ('a = "x" b = "y"\n', 1, "two key = value pairs on one line: put each on its own line"),
    ('[scenario] id = "x"\n', 1, "a [table] header stands alone on its line"),
    ('capital = 10%\n', 1, "a number cannot have a unit or a % sign: write 10"),
    ('capital = 1 000\n', 1, "a number cannot contain spaces: write 1000"),
    ('capital = 04\n', 1, "04 is not a number TOML understands"),
    ('capital =\n', 1, "the value is missing after '='"),
    ('= 4\n', 1, "the key is missing before '='"),
    ('text = "C:\\data"\n', 1, "a backslash in \"...\" starts an escape"),
    ('text = "\\u12"\n', 1, "\\u must be followed by 4 hexadecimal digits"),
    ('a = 1\na = 2\n', 2, "'a' is set twice in the same table"),
    ('[a]\nx = 1\n[a]\n', 3, "the table [a] appears twice"),
    ('[[countries]\n', 1, "a list-entry header needs its closing brackets"),
    ('[scenario]\rid = "x"\rturns = 3\r', 1, "the file's lines end in a carriage return alone"),
]


@pytest.mark.parametrize(("text", "line", "words"), CASES, ids=[c[0][:24] for c in CASES])
def test_syntax_error_in_a_teachers_words(text: str, line: int, words: str) -> None:
    scenario, problems = check_bytes(text.encode("utf-8"), "s.toml")
    assert scenario is None
    assert len(problems) == 1
    problem = problems[0]
    assert problem.line == line, str(problem)
    assert problem.message.startswith("TOML syntax error"), str(problem)
    assert words in problem.message, str(problem)
    assert problem.message.endswith(f"; {HIDDEN}")


def test_unclosed_triple_quote_is_reported_where_it_opens_not_at_the_end() -> None:
    text = 'a = 1\nintro = """\nFirst line.\n' + "b = 2\n" * 40
    (problem,) = check_bytes(text.encode("utf-8"), "s.toml")[1]
    assert (problem.line, str(problem)) == (2, 's.toml:2: TOML syntax error at column 9: the text opened here '
                                               'with """ is never closed: add """ where the text should end; '
                                               'other problems may be hidden until this one is fixed')


def test_a_line_separator_in_text_does_not_shift_the_line() -> None:
    """tomllib counts lines at \\n only; so must the message (str.splitlines also breaks at U+2028)."""
    (problem,) = check_bytes('a = "x\u2028y"\nb = 1 // c\n'.encode("utf-8"), "s.toml")[1]
    assert problem.line == 2
    assert "'//'" in problem.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_named_not_called_binary(encoding: str) -> None:
    (problem,) = check_bytes('[scenario]\nid = "s"\n'.encode(encoding), "s.toml")[1]
    assert problem.message.startswith("the file is saved as UTF-16 text, not UTF-8: save it again with the "
                                      "UTF-8 encoding")


def test_utf32_is_named() -> None:
    (problem,) = check_bytes('[scenario]\n'.encode("utf-32"), "s.toml")[1]
    assert problem.message.startswith("the file is saved as UTF-32 text")


def test_nul_bytes_in_utf8_text_are_still_binary() -> None:
    (problem,) = check_bytes(b'[scenario]\nid = "a\x00b"\n', "s.toml")[1]
    assert "binary file" in problem.message


#: A carriage return alone (not followed by \n) in a file whose other lines end normally: an editor that
#: converted to Windows line endings twice (\r\r\n), a line pasted from elsewhere, a last line saved with \r.
#: tomllib stops at the invisible character; the message must name it, not the visible text beside it.
#: (what the teacher wrote, the line, the column of the \r, how many lone carriage returns the file holds)
STRAY_CR: list[tuple[str, int, int, int]] = [
    ('max_cards = 2\r\r\nturns = 3\r\r\n', 1, 14, 2),        # "2 is not a number TOML understands"
    ('a = 1\ntitle = "A trade offer"\r', 2, 24, 1),          # "the text ends at the second \" on this line"
    ('a = 1\r\nb = 2\r\n\r', 3, 1, 1),                       # "this line is neither key = value nor ..."
    ('a = 1\rb = 2\nc = 3\n', 1, 6, 1),                      # "two key = value pairs on one line"
    ('groups = ["a",\r "b"]\n', 1, 15, 1),                   # "this is not a value"
    ('text = "one\rtwo"\n', 1, 12, 1),                       # "the control character '\r' ..."
]


@pytest.mark.parametrize(("text", "line", "column", "count"), STRAY_CR, ids=[repr(c[0])[:24] for c in STRAY_CR])
def test_a_stray_carriage_return_is_named(text: str, line: int, column: int, count: int) -> None:
    (problem,) = check_bytes(text.encode("utf-8"), "s.toml")[1]
    assert (problem.line, problem.message.split(":")[0]) == (line, f"TOML syntax error at column {column}")
    assert "a carriage return (\\r) stands alone here, with no line break after it" in problem.message, \
        str(problem)
    assert "delete it, or save the file again with ordinary line endings" in problem.message, str(problem)
    several = f"the file has {count} carriage returns standing alone"
    assert (several in problem.message) == (count > 1), str(problem)
