"""Every command reads files by one rule (game.files): only regular files, at most a size limit, parser
failures located, output capped; and every command has the README's exit codes.

Files that could hang or exhaust a process if the rule broke (a FIFO, /dev/zero) are run in a subprocess with
a timeout; the rest run in-process, where the subprocess would add nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main as cli
from game.files import FileRefused, capped, read_bytes, shown

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
MINI = str(ROOT / "tests" / "fixtures" / "scenarios" / "mini.toml")


#: Every test here gets its own data and working folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("home")


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- the rule itself ------------------------------------------------------------------------------------

def test_read_bytes_refuses_what_is_not_a_small_regular_file(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_bytes(b"12345")
    assert read_bytes(small, 5) == b"12345"
    with pytest.raises(FileRefused, match=r"^the file is 5 bytes; a file may be at most 4 bytes \(0 KiB\)$"):
        read_bytes(small, 4)
    with pytest.raises(FileRefused, match=r"^no such file$"):
        read_bytes(tmp_path / "nowhere", 10)
    with pytest.raises(FileRefused, match=r"^this is a folder, not a file; name a file$"):
        read_bytes(tmp_path, 10)
    with pytest.raises(FileRefused, match=r"^this is a device, not a record; name a record$"):
        read_bytes("/dev/zero", 10, "a record")


def test_shown_escapes_what_would_reach_the_terminal() -> None:
    assert shown("Zoë Ünal") == "Zoë Ünal"
    assert shown("\x1b[2J\x07a\tb\nc\x7f\x9b\u202eevil") == "\\x1b[2J\\x07a\\tb\\nc\\x7f\\x9b\\u202eevil"
    assert shown("x" * 500) == "x" * 200 + "…"
    assert capped(["a", "b", "c"], 2, noun="more problems") == ["a", "b", "... and 1 more problems"]
    assert capped(["a", "b"], 2) == ["a", "b"]


# --- validate on hostile files --------------------------------------------------------------------------

def _validate(path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", "validate", path], capture_output=True, text=True,
                          timeout=60, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_validate_a_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    done = _validate(str(fifo))
    assert (done.returncode, done.stdout) == (2, f"{fifo}:1: this is a named pipe (FIFO), not a scenario file; "
                                                 "name a .toml file\n")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="/dev/zero is POSIX")
def test_validate_dev_zero_is_refused_before_reading() -> None:
    done = _validate("/dev/zero")
    assert (done.returncode, done.stdout) == (2, "/dev/zero:1: this is a device, not a scenario file; name a "
                                                 ".toml file\n")


def test_validate_nesting_500_deep_is_a_located_problem(capsys: pytest.CaptureFixture[str]) -> None:
    Path("deep.toml").write_text('[scenario]\nid = "x"\n\nvalues = ' + "[" * 500 + "]" * 500 + "\n",
                                 encoding="utf-8")
    assert _cli(capsys, "validate", "deep.toml")[:2] == (1, (
        "deep.toml:4: lists or tables are nested too deeply here (more than 50 levels of [ ] or { }); a scenario "
        "needs only a few: check for unclosed brackets\n"))


def test_validate_a_key_of_200000_dots_is_refused_before_parsing(capsys: pytest.CaptureFixture[str]) -> None:
    """tomllib takes minutes on such a key (its time grows with the square of the parts); refused at once."""
    Path("dots.toml").write_text('[scenario]\nid = "x"\n' + "a" + ".a" * 200_000 + " = 1\n", encoding="utf-8")
    assert _cli(capsys, "validate", "dots.toml")[:2] == (1, (
        "dots.toml:3: this key has 200,001 parts separated by dots; a key in a scenario has at most 32 (was a "
        "line pasted by mistake?)\n"))


def test_validate_a_5000_digit_number(capsys: pytest.CaptureFixture[str]) -> None:
    Path("digits.toml").write_text('[scenario]\nid = "x"\nturns = ' + "1" * 5000 + "\n", encoding="utf-8")
    assert _cli(capsys, "validate", "digits.toml")[:2] == (1, (
        "digits.toml:3: this number has thousands of digits; the numbers in a scenario are small (check for a "
        "line pasted by mistake)\n"))


def test_validate_prints_at_most_100_problems_of_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    keys = "\n".join(f"k{k} = 1" for k in range(80_000))
    Path("many.toml").write_text(TUTORIAL.replace("[scenario]\n", f"[scenario]\n{keys}\n", 1), encoding="utf-8")
    code, out, err = _cli(capsys, "validate", "many.toml")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 101
    assert lines[0].startswith("many.toml:7: scenario.k0: unknown key 'k0' (allowed here: ")
    assert lines[99].startswith("many.toml:106: scenario.k99: unknown key 'k99'")
    assert lines[100] == "... and 79,900 more problems in many.toml"
    assert err == ("80,000 problems found in 1 file\nmany.toml: once they are fixed, validate also checks the "
                   "scenario as a whole (the default response, sources, dates, whether every card, event and ending "
                   "can happen, and costs no budget can pay): run it again\n")


def test_control_characters_in_a_file_name_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, "validate", "\x1b[2Jgone.toml")
    assert (code, out) == (2, "\\x1b[2Jgone.toml:1: no such file\n")


# --- one exit-code table for every command: a file that cannot be read is 2 ---------------------------

@pytest.mark.parametrize("args", [
    ["validate", "missing.toml"],
    ["play", "missing.toml", "--plain"],
    ["play", "missing.toml"],
    ["simulate", "missing.toml"],
    ["serve", "missing.toml"],
    ["replay", "missing.json"],
    ["replay", "--scenario", "missing.toml", "record.json"],
    ["compare", "missing.json"],
    ["compare", "--scenario", "missing.toml", "record.json"],
    ["compare", "--db", "missing.sqlite3", "--class", "x"],
    ["class", "x", "--db", "missing.sqlite3", "--once"],
    ["validate", "folder"],
    ["play", "folder", "--plain"],
    ["replay", "folder"],
    ["compare", "--scenario", "folder/missing.toml", "record.json"],
])
def test_a_file_that_cannot_be_read_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    Path("folder").mkdir()
    Path("record.json").write_text("{}", encoding="utf-8")
    code, out, err = _cli(capsys, *args)
    assert code == 2, out + err
    assert "Traceback" not in err
    assert re.search(r"missing|folder|no classroom store", out + err)


def test_the_readme_states_the_table_the_cli_uses() -> None:
    from game import cli as module

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (module.EXIT_OK, module.EXIT_PROBLEMS, module.EXIT_USAGE, module.EXIT_INTERRUPTED) == (0, 1, 2, 130)
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 130 |"):
        assert code in readme
    assert "| 2 | usage error, or a file that cannot be read" in readme
