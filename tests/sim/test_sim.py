"""The balance tools: known answers, flagged findings, determinism, the scaffold, the reference and JSON."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from game.cli import main
from game.engine import new_game, play_turn
from game.scenario import check, load
from game.scenario.reference import reference_text
from game.sim.batch import BLOCK, Settings, run
from game.sim.policies import make_policy
from game.sim.report import analyse, to_json

HERE = Path(__file__).parent
FIX = HERE / "fixtures"
ROOT = HERE.parents[1]


def _report(name: str, games: int, policies: tuple[str, ...], **kw: Any) -> Any:
    sc = load(FIX / f"{name}.toml")
    settings = Settings(games=games, seed=7, policies=policies, **kw)
    return analyse(sc, settings, run(sc, settings, jobs=1))


def test_known_answer_distribution() -> None:
    # random picks ignore or stop with probability 1/2 each: "holds" (100) or "lost" (90).
    report = _report("known", 400, ("random", "ignore", "hardline"))
    by = {p.id: p for p in report.policies}
    holds = by["random"].endings["holds"]
    assert 400 * 0.5 - 4 * 10 <= holds <= 400 * 0.5 + 4 * 10  # within four standard deviations (sd = 10)
    assert holds + by["random"].endings["lost"] == 400
    assert set(by["random"].score.percentiles.values()) <= {90, 100}
    assert by["random"].score.mean == pytest.approx(90 + 10 * holds / 400)
    assert by["ignore"].endings == {"holds": 0, "lost": 400} and by["ignore"].score.mean == 90
    assert by["hardline"].endings == {"holds": 400, "lost": 0} and by["hardline"].score.mean == 100
    assert by["hardline"].final_alignment["a"] == 100


def test_each_decision_has_a_table_of_its_options() -> None:
    """decision.toml, by hand: every game holds 4 answers to cards and 2 to the decision. ignore leaves the
    decision to its default (wait, 100%); hardline presses at the first post, which takes the month's whole
    capital, and talks at the second (50% each). The responses' table keeps its shares of all 6 answers
    (ignore: 4 of 6, 67%), the options apart from it."""
    from game.sim.report import render_text

    text = render_text(_report("decision", 10, ("ignore", "hardline")))
    assert ("Responses (share of each policy's answers to cards, decisions among them); initiatives (share of its "
            "months)\n"
            "  ignore              67%         0%\n"
            "  hard                 0%        67%\n"
            "\n"
            "Decisions (share of each policy's answers to each decision; the default applies when it is left "
            "unanswered)\n"
            "                       ignore   hardline\n"
            "  event.strike: A strike\n"
            "    press                  0%        50%\n"
            "    talk                   0%        50%\n"
            "    wait (default)       100%         0%\n"
            "\n") in text
    assert "strike.press" not in text and "strike.wait" not in text  # an option is not a share of all answers


def test_dominant_strategy_is_flagged() -> None:
    report = _report("dominant", 60, ("ignore", "hardline", "strong"), slow_games=20, rollouts=2)
    subjects = {f.subject for f in report.findings if f.kind == "lazy_strategy_wins"}
    assert "policy:ignore" in subjects
    assert "policy:hardline" not in subjects  # cracking down costs 6 alignment to block 2: clearly worse
    never = {f.subject for f in report.findings if f.kind == "never_worth_it"}
    assert {"response:lecture", "response:crack_down"} <= never


def test_dead_content_is_flagged() -> None:
    assert check(FIX / "dead.toml")[1] == []  # the validator cannot see it
    report = _report("dead", 100, ("random", "ignore", "hardline"))
    never = {f.subject for f in report.findings if f.kind == "never_occurred"}
    assert never == {"card:crisis_offer", "ending:defection"}
    cards = {o.id: o for o in report.cards}
    assert cards["visit"].share == 1.0 and cards["visit"].median_turn is not None
    assert cards["crisis_offer"].games == 0 and cards["crisis_offer"].median_turn is None


def test_same_report_for_any_number_of_jobs() -> None:
    sc = load(FIX / "dominant.toml")
    # More random games than one lockstep block holds, so that blocks are merged too.
    settings = Settings(games=BLOCK + 300, seed=3, policies=("random", "greedy", "strong"), slow_games=60,
                        rollouts=1, samples=1)
    one = to_json(analyse(sc, settings, run(sc, settings, jobs=1)))
    two = to_json(analyse(sc, settings, run(sc, settings, jobs=2)))
    assert one == two


# The engine's results for a few whole games, pinned before the engine was optimised: an optimisation that
# changes any number, draw or event shows up here.
_PINNED = [
    ("random", 1, "beijing_gains", 47, "3facd9cfa392af31"),
    ("random", 1980, "beijing_gains", 47, "0da86ef7ecce24ab"),
    ("hardline", 1, "beijing_gains", 41, "1626a56ded165f3a"),
    ("hardline", 1980, "beijing_gains", 40, "6a10f61e345399d8"),
    ("greedy", 1, "beijing_gains", 49, "b0c17b764aa27a0a"),
    ("greedy", 1980, "beijing_gains", 49, "02ec0fbe20d5fdee"),
]


@pytest.mark.parametrize(("policy", "seed", "ending", "score", "digest"), _PINNED)
def test_engine_outcomes_pinned(policy: str, seed: int, ending: str, score: int, digest: str) -> None:
    sc = load(FIX / "big.toml")
    pol = make_policy(policy, sc)
    s = new_game(sc, seed)
    h = hashlib.sha256()
    while not s.over:
        choices, launched = pol.plan(s)
        h.update(repr((s.turn, [(c.uid, c.card) for c in s.cards], sorted(choices.items()), launched)).encode())
        s, _ = play_turn(s, choices, launched, explain=False)
        h.update(repr((s.values, s.climate, s.capital, s.economy, sorted(s.fired))).encode())
    assert (s.ending, s.score, h.hexdigest()[:16]) == (ending, score, digest)


def test_new_writes_a_scenario_that_validates_and_simulates_clean(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "my class.toml"
    assert main(["new", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ./scenario.schema.json\n")
    assert json.loads((tmp_path / "scenario.schema.json").read_text(encoding="utf-8"))["title"]
    sc, problems = check(path)
    assert problems == [] and sc is not None and sc.id == "my_class"
    settings = Settings(games=100, seed=1, policies=("random", "ignore", "hardline", "greedy", "soviet_line",
                                                      "strong"), slow_games=40, rollouts=2)
    report = analyse(sc, settings, run(sc, settings, jobs=1))
    assert [f.message for f in report.problems] == []
    # Greedy weighs every choice, so coming close to strong is a note for the author, never a problem.
    assert all(f.kind in ("ok", "note") for f in report.findings)
    assert {f.subject for f in report.findings if f.kind == "note"} <= {"policy:greedy"}
    capsys.readouterr()
    assert main(["new", str(path)]) == 2  # never overwrites
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text


def test_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    assert committed == reference_text(), "regenerate: python -m game.scenario.reference -o docs/scenario-format.md"


def test_reference_names_every_key_and_expression_name() -> None:
    from game.engine.expr import COUNTRY_VARS, FUNCTIONS, GLOBAL_READ, GLOBAL_VARS
    from game.scenario.models import ScenarioFile

    text = reference_text()
    defs = ScenarioFile.model_json_schema()["$defs"]
    for model in defs.values():
        for key in model.get("properties", {}):
            assert f"| `{key}` |" in text
    for name in (*COUNTRY_VARS, *GLOBAL_VARS, *GLOBAL_READ, *FUNCTIONS):
        assert f"`{name}`" in text


def _shape(value: Any) -> Any:
    """Values replaced by their JSON types; a list by the union of its items' shapes."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        merged: Any = None
        for item in value:
            merged = _union(merged, _shape(item))
        return [] if merged is None else [merged]
    return {bool: "boolean", int: "integer", float: "number", str: "string"}.get(type(value), "null")


def _union(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: _union(a.get(k), b.get(k)) for k in sorted({*a, *b})}
    if isinstance(a, list) and isinstance(b, list):
        return [_union(a[0] if a else None, b[0] if b else None)] if a or b else []
    if isinstance(a, str) and isinstance(b, str):
        return "|".join(sorted({*a.split("|"), *b.split("|")}))
    return a if b is None else f"{a}|{b}"


def test_json_shape_is_pinned(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["simulate", str(FIX / "dead.toml"), "--games", "20", "--slow-games", "5", "--rollouts", "1",
                 "--jobs", "1", "--json"])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "ambassador-balance-report" and doc["version"] == 1
    golden = HERE / "golden" / "report-shape.json"
    shape = json.dumps(_shape(doc), indent=2, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":  # after a deliberate change of the format; read the diff
        golden.write_text(shape, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}; create it with UPDATE_GOLDEN=1 and read it"
    assert shape == golden.read_text(encoding="utf-8"), \
        f"the JSON report's shape changed; if on purpose, rerun with UPDATE_GOLDEN=1 and read the diff of {golden.name}"


def test_simulate_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", str(FIX / "known.toml"), "--policy", "nosuch", "--games", "5"]) == 2
    assert "unknown policy 'nosuch'" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("[scenario]\nid = 3\n", encoding="utf-8")
    assert main(["simulate", str(broken)]) == 1
    assert "cannot be played" in capsys.readouterr().err
    assert main(["simulate", str(FIX / "known.toml"), "--games", "10", "--policy", "ignore", "--jobs", "1"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("Balance report: Known answer") and out.err == ""  # no progress bar when piped
    with pytest.raises(SystemExit) as exc:
        main(["simulate", str(FIX / "known.toml"), "--games", "0"])
    assert exc.value.code == 2


def test_simulate_does_not_import_textual() -> None:
    import subprocess
    import sys

    code = ("import sys; from game.cli import main; "
            f"main(['simulate', {str(FIX / 'known.toml')!r}, '--games', '5', '--jobs', '1']); "
            "assert 'textual' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)


def test_play_turn_fast_path_matches_action_by_action() -> None:
    from game.engine import IllegalActionError, Launch, Respond, apply

    sc = load(FIX / "big.toml")
    for seed in range(5):
        s = new_game(sc, seed)
        while not s.over:
            choices, launched = make_policy("random", sc).plan(s)
            slow = s
            for uid, rid in choices.items():
                slow, _ = apply(slow, Respond(uid, rid))
            for iid in launched:
                slow, _ = apply(slow, Launch(iid))
            expected, _ = play_turn(slow, {}, explain=False)  # a planned state takes the slow path
            s, _ = play_turn(s, choices, launched, explain=False)
            assert s == expected
    s = new_game(sc, 1)
    too_much = dict.fromkeys((c.uid for c in s.cards if sc.countries[c.country].acts), "explain")
    with pytest.raises(IllegalActionError, match="costs"):
        play_turn(s, too_much, explain=False)


@pytest.mark.parametrize("policy", ["strong", "random", "ignore"])
def test_a_single_policy_makes_a_report(policy: str, capsys: pytest.CaptureFixture[str]) -> None:
    """With one policy there is nothing to compare it with; the report must still be written."""
    assert main(["simulate", str(FIX / "known.toml"), "--games", "4", "--slow-games", "2", "--policy", policy,
                 "--jobs", "1"]) == 0
    assert capsys.readouterr().out.startswith("Balance report")


def test_the_progress_bar_counts_games_and_leaves_a_clean_terminal() -> None:
    """rich.progress on a terminal: the games of every block counted, the last policy named, and nothing
    left on screen when it stops (the report follows on a clean line)."""
    import io

    from rich.console import Console

    from game.sim.command import ProgressBar

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)
    with ProgressBar(3000, console) as bar:
        bar.update("engagement_first_policy_with_a_long_name", 1000)
        bar.update("random", 1000)
        bar.progress.refresh()
        assert "2000/3000" in screen.getvalue() and "(random)" in screen.getvalue()
        bar.update("random", 1000)
    assert bar.done == 3000
    shown = screen.getvalue()
    # transient: the live display ends by going back up to its line and erasing it.
    assert shown.endswith("\r\x1b[1A\x1b[2K"), repr(shown[-80:])
