"""`ambassador validate` on broken scenarios: the exact output is pinned in golden files, read in diffs.

Each file in tests/fixtures/broken/ holds one mistake a teacher makes; its golden file in
tests/fixtures/broken/golden/ holds the command, what it printed on stdout, and its exit code. Regenerate them
after a deliberate change of wording with

    UPDATE_GOLDEN=1 pytest tests/scenario/test_validate_golden.py

and read the diff: every message must say what is wrong, where, and how to fix it. A run that rewrites a golden
file fails, so that no golden passes the run that wrote it; rerun without UPDATE_GOLDEN once it is read.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Ambassador, Ran

from game.scenario.scaffold import scaffold_text

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "fixtures" / "broken"
GOLDEN = BROKEN / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
#: Not a fixture on disk, on purpose: `validate` must report a file that does not exist.
MISSING = "does_not_exist.toml"

CASES = sorted([p.name for p in BROKEN.iterdir() if p.name != "golden"] + [MISSING])


def run(ran: Ran) -> tuple[int, str, str]:
    return ran.returncode, ran.stdout, ran.stderr


def render(args: list[str], code: int, stdout: str) -> str:
    return f"$ ambassador validate {' '.join(args)}\n{stdout}[exit {code}]\n"


#: Said after the count when the checks of the scenario as a whole wait for a file's problems (one here).
WAITING = ("{}: once it is fixed, validate also checks the scenario as a whole (the default response, sources, "
           "dates, whether every card, event and ending can happen, and costs no budget can pay): run it again\n")


def test_there_are_enough_distinct_fixtures() -> None:
    assert len(CASES) >= 30
    assert len({Path(c).stem for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES)
def test_validate_output_matches_golden(ambassador: Ambassador, case: str) -> None:
    rel = str((BROKEN / case).relative_to(ROOT))
    code, stdout, stderr = run(ambassador("validate", rel))
    assert "Traceback" not in stderr, stderr
    actual = render([rel], code, stdout)
    golden = GOLDEN / f"{Path(case).stem}.txt"
    if UPDATE and (not golden.is_file() or golden.read_text(encoding="utf-8") != actual):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        # A golden that has just been written proves nothing: the run fails until it is read and rerun.
        pytest.fail(f"wrote {golden.name}: read its diff, then rerun without UPDATE_GOLDEN")
    assert golden.is_file(), f"no golden file {golden.name}; create it with UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8"), \
        f"validate output changed; if on purpose, rerun with UPDATE_GOLDEN=1 and read the diff of {golden.name}"


def test_every_golden_file_has_its_fixture() -> None:
    stems = {Path(c).stem for c in CASES}
    orphans = sorted(p.name for p in GOLDEN.glob("*.txt") if p.stem not in stems)
    assert not orphans, f"golden files without a fixture: {orphans}"


_PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?:(?P<path>[A-Za-z0-9_.\[\]-]+): )?(?P<message>.+)$")


@pytest.mark.parametrize("case", [c for c in CASES if c != MISSING and not c.startswith("file_")])
def test_golden_problems_point_at_the_mistake(case: str) -> None:
    """Each problem's line lies within the fixture; path-level problems name a path."""
    golden = (GOLDEN / f"{Path(case).stem}.txt").read_text(encoding="utf-8").splitlines()
    problems = golden[1:-1]
    assert problems, "a broken fixture must produce at least one problem"
    total = len((BROKEN / case).read_bytes().splitlines())
    for text in problems:
        found = _PROBLEM.match(text)
        assert found, text
        assert 1 <= int(found["line"]) <= total, text


def test_clean_and_broken_together(ambassador: Ambassador) -> None:
    """Several files in one run: every problem of every file, the clean one reported ok only when all are."""
    broken = "tests/fixtures/broken/ref_unknown_group.toml"
    code, stdout, stderr = run(ambassador("validate", "scenarios/tutorial.toml", broken, MISSING))
    assert code == 2, "a file that cannot be read makes it exit 2 (the README's table), after every problem"
    assert stdout.splitlines() == [
        f"{broken}:43: countries.poland.group: unknown group 'double_dealer'; did you mean 'double_dealing'?",
        f"{MISSING}:1: no such file",
    ]
    assert stderr == "2 problems found in 3 files\n" + WAITING.format(broken)


def test_clean_file(ambassador: Ambassador) -> None:
    code, stdout, stderr = run(ambassador("validate", "scenarios/tutorial.toml"))
    assert (code, stdout, stderr) == (0, "scenarios/tutorial.toml: ok\n", "")


def test_the_real_command() -> None:
    """The goldens run the command in this process; once, the real `python -m game validate` process."""
    broken = "tests/fixtures/broken/ref_unknown_group.toml"
    proc = subprocess.run([sys.executable, "-m", "game", "validate", "scenarios/tutorial.toml", broken], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 1
    assert proc.stdout == (f"{broken}:43: countries.poland.group: unknown group 'double_dealer'; did you mean "
                           "'double_dealing'?\n")
    assert proc.stderr == "1 problem found in 2 files\n" + WAITING.format(broken)


def test_usage_error_exits_2(ambassador: Ambassador) -> None:
    code, stdout, stderr = run(ambassador("validate"))
    assert code == 2
    assert stdout == ""
    assert "usage:" in stderr


def test_oversized_file(ambassador: Ambassador, tmp_path: Path) -> None:
    """A file over 1 MiB is refused before it is parsed (generated here rather than committed)."""
    big = tmp_path / "big.toml"
    filler = "# " + "x" * 97 + "\n"
    big.write_text('[scenario]\nid = "big"\n' + filler * 10_600, encoding="utf-8")
    size = big.stat().st_size
    code, stdout, _ = run(ambassador("validate", "big.toml", cwd=tmp_path))
    assert code == 2
    assert stdout == (f"big.toml:1: the file is {size:,} bytes; a scenario file may be at most 1,048,576 "
                      "bytes (1 MiB)\n")


def test_a_run_says_which_checks_wait_for_the_problems_it_found(ambassador: Ambassador, tmp_path: Path) -> None:
    """The README promised every problem in one run, but the checks of the scenario as a whole wait for a file
    whose keys, types and references are right: a teacher who fixed the one typo reported met three new
    problems. The run says so (on stderr, beside the count), and says nothing once every check has run."""
    text = scaffold_text("mine")
    typo = text.replace("capital = 1\nblock = 0.5", "capitol = 1\nblock = 0.5", 1)
    no_doc = '[[sources]]\nkey = "DOC"                  # cards cite "DOC" unless they say otherwise\n'
    assert typo != text and no_doc in text
    (tmp_path / "mine.toml").write_text(typo.replace(no_doc, "[[sources]]\nkey = \"NOTES\"\n"), encoding="utf-8")
    code, stdout, stderr = run(ambassador("validate", "mine.toml", cwd=tmp_path))
    assert (code, len(stdout.splitlines())) == (1, 1), stdout
    assert "responses.explain.capitol: unknown key 'capitol'; did you mean 'capital'?" in stdout
    assert stderr == ("1 problem found in 1 file\n"
                      "mine.toml: once it is fixed, validate also checks the scenario as a whole (the default "
                      "response, sources, dates, whether every card, event and ending can happen, and costs no "
                      "budget can pay): run it again\n")

    (tmp_path / "mine.toml").write_text(text.replace(no_doc, "[[sources]]\nkey = \"NOTES\"\n"), encoding="utf-8")
    code, stdout, stderr = run(ambassador("validate", "mine.toml", cwd=tmp_path))
    assert (code, [line.split(": ")[1] for line in stdout.splitlines()]) == \
        (1, ["cards.embassy_invitations.sources", "cards.trade_promises.sources", "cards.national_model.sources"])
    assert stderr == ("3 problems found in 1 file\n"
                      "mine.toml: once they are fixed, validate also checks the costs no budget can pay: run it "
                      "again\n")

    (tmp_path / "mine.toml").write_text(text.replace("capital = 1\nblock = 0.5", "capital = 9\nblock = 0.5", 1),
                                        encoding="utf-8")
    code, stdout, stderr = run(ambassador("validate", "mine.toml", cwd=tmp_path))
    assert (code, stderr) == (1, "1 problem found in 1 file\n")
    assert "responses.explain.capital: this costs 9 capital" in stdout
