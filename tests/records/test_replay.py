"""Records: the round trip (random game -> record -> `ambassador replay` exit 0), tampered records (exit 1,
naming the month), files that are not records (exit 2), and the golden output of `replay`.

Set UPDATE_GOLDEN=1 to rewrite the golden output after a deliberate change; then read the diff."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from game.cli import main as cli
from game.engine import EndTurn, GameState, apply, legal_actions, new_game
from game.engine.data import Scenario
from game.engine.rng import Stream
from game.records import Record, RecordError, from_state, parse, read, replay, restore, write_record
from game.scenario import bundled_dir, load, resolve

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"

@cache
def tutorial() -> Scenario:
    return load(resolve("tutorial"))

def random_game(sc: Scenario, seed: int, months: int | None = None) -> GameState:
    """A random legal game (choices from their own stream), stopped after ``months`` if given."""
    state = new_game(sc, seed)
    picks = Stream(seed, 0, "*", "record-test")
    while not state.over and (months is None or len(state.history) < months):
        actions = legal_actions(state)
        action = actions[-1] if picks.random() < 0.2 else actions[picks.below(len(actions))]
        state, _ = apply(state, action)
    return state

#: Every test here gets its own data and working folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("home")

def _replay(path: Path | str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = cli(["replay", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err

def _verdict(path: Path, state: GameState) -> str:
    """The line `ambassador replay` prints for the record of ``state``, worked out from the game itself."""
    if state.over:
        return f"{path}: ok: 3 months replayed; ending {state.ending}, score {state.score}"
    months = f"{len(state.history)} month{'s' if len(state.history) != 1 else ''}"
    return f"{path}: ok: {months} replayed (an unfinished game)"


@pytest.mark.slow
def test_round_trip_over_many_seeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """150 records written, read back and replayed by `ambassador replay`, as a teacher replays a class: all in
    one command (one scenario lookup, the records replayed as a block), and the first ten also one by one
    (``replay``, the path a single record takes); test_replay_many holds the block to the one-game path."""
    sc = tutorial()
    games: list[tuple[Path, GameState]] = []
    for seed in range(150):
        state = random_game(sc, seed, months=None if seed % 5 else seed % 3)
        record = from_state(state, f"player {seed}")
        path = tmp_path / f"r{seed}.json"
        write_record(path, record)
        assert read(path) == record
        if not state.over:
            assert restore(sc, record).history == state.history
        games.append((path, state))
    assert {s.over for _, s in games} == {True, False}
    for path, state in games[:10]:
        code, out, err = _replay(path, capsys)
        assert (code, out, err) == (0, _verdict(path, state) + "\n", "")
    code = cli(["replay", *(str(path) for path, _ in games)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.splitlines() == [_verdict(path, state) for path, state in games]


def test_replay_in_a_real_process(tmp_path: Path, home: Path) -> None:
    state = random_game(tutorial(), 11)
    write_record(tmp_path / "game.json", from_state(state, "Ann"))
    env = {**os.environ, "AMBASSADOR_HOME": str(home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "game", "replay", "game.json"], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("game.json: ok: 3 months replayed")

def _written(seed: int = 3) -> dict[str, Any]:
    data = from_state(random_game(tutorial(), seed), "Ann").to_json()
    assert len(data["turns"]) == 3
    return data

def _save(data: dict[str, Any], name: str = "game.json") -> Path:
    path = Path(name)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path

def test_changed_choice_names_the_month(capsys: pytest.CaptureFixture[str]) -> None:
    data = _written()
    choices = data["turns"][1]["choices"]
    uid = "t2-gdr-1"
    choices[uid] = "vigilance" if choices.get(uid) != "vigilance" else "ignore"
    code, out, _ = _replay(_save(data), capsys)
    assert code == 1
    assert out == "game.json: month 2 differs: the numbers differ (the record was edited)\n"

def test_illegal_choice_names_the_month(capsys: pytest.CaptureFixture[str]) -> None:
    data = _written()
    data["turns"][2]["choices"]["t3-gdr-1"] = "bribe"
    code, out, _ = _replay(_save(data), capsys)
    assert code == 1
    assert out.startswith("game.json: month 3 differs: a choice is not legal: ")

def test_changed_cohesion_names_the_month(capsys: pytest.CaptureFixture[str]) -> None:
    data = _written()
    data["turns"][0]["cohesion"] = round(data["turns"][0]["cohesion"] + 0.5, 4)
    code, out, _ = _replay(_save(data), capsys)
    assert code == 1 and out.startswith("game.json: month 1 differs")

def test_changed_score_is_caught(capsys: pytest.CaptureFixture[str]) -> None:
    data = _written()
    data["score"] += 10
    code, out, _ = _replay(_save(data), capsys)
    assert code == 1 and "the ending or score differs" in out

def test_another_version_of_the_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A record made with an edited copy of the scenario (another sha256) does not replay on the original."""
    text = (bundled_dir() / "tutorial.toml").read_text(encoding="utf-8")
    edited = text.replace('effects = "alignment -= 4; china_ties += 2"', 'effects = "alignment -= 6; china_ties += 2"')
    assert edited != text
    copy = tmp_path / "edited" / "tutorial.toml"
    copy.parent.mkdir()
    copy.write_text(edited, encoding="utf-8")
    other = load(copy)
    assert other.id == "tutorial" and other.sha256 != tutorial().sha256

    state = new_game(other, 7)  # seed 7 draws 'separate_tracks' in Berlin in the first month
    while not state.over:
        state, _ = apply(state, EndTurn())
    path = _save(from_state(state, "Ann").to_json())
    code, out, _ = _replay(path, capsys)
    assert code == 1
    assert out == ("game.json: month 1 differs: the numbers differ (the record was made with another version "
                   "of the scenario)\n")
    # Against the edited file it replays.
    assert _replay(path, capsys, "--scenario", str(copy))[0] == 0

def test_changed_sha_alone_still_replays(capsys: pytest.CaptureFixture[str]) -> None:
    """The hash only explains a difference: a record whose every month matches replays, whatever its sha256
    says (a scenario edited only in its texts still verifies the game)."""
    data = _written()
    data["scenario"]["sha256"] = "0" * 64
    assert _replay(_save(data), capsys)[0] == 0

def test_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    data = _written()
    data["scenario"]["id"] = "no-such-scenario"
    code, out, err = _replay(_save(data), capsys)
    assert code == 2 and out == ""
    assert err == ("ambassador replay: game.json: its scenario 'no-such-scenario' is not a bundled one and no "
                   "file given declares it: pass the scenario's file with --scenario FILE (or a folder of "
                   "scenario files)\n")

@pytest.mark.parametrize("ident", ["/dev/zero", "../../../../../../etc/passwd", "tests/fixtures/scenarios/mini.toml",
                                   "scenarios/tutorial.toml", "tutorial.toml"])
def test_a_record_never_names_a_file_to_open(ident: str, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The record's scenario id is looked up, never opened: even a path to a real scenario is not followed."""
    monkeypatch.chdir(ROOT)
    data = _written()
    data["scenario"]["id"] = ident
    path = Path(os.environ["AMBASSADOR_HOME"]) / "game.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _replay(path, capsys)
    assert (code, out) == (2, "")
    assert f"its scenario '{ident}' is not a bundled one and no file given declares it: pass" in err

def test_the_scenario_is_found_by_id_in_the_files_and_folders_given(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    mini = load(ROOT / "tests/fixtures/scenarios/mini.toml")
    state = new_game(mini, 4)
    while not state.over:
        state, _ = apply(state, EndTurn())
    path = _save(from_state(state, "Ann").to_json())
    assert _replay(path, capsys)[0] == 2  # 'mini' is not bundled
    for given in (str(ROOT / "tests/fixtures/scenarios"), str(ROOT / "tests/fixtures/scenarios/mini.toml")):
        code, out, _ = _replay(path, capsys, "--scenario", "tutorial", "--scenario", given)
        assert (code, out) == (0, f"game.json: ok: {mini.turns} months replayed; ending {state.ending}, score "
                                  f"{state.score}\n")

def test_a_given_scenario_that_cannot_be_read_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    path = _save(_written())
    code, out, err = _replay(path, capsys, "--scenario", "nowhere.toml")
    assert (code, out) == (2, "")
    assert err == "ambassador replay: --scenario: nowhere.toml:1: no such file\n"

def test_many_records_one_line_each_and_the_worst_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    good = _save(_written(), "good.json")
    edited = _written()
    edited["score"] += 1
    bad = _save(edited, "edited.json")
    Path("text.json").write_text("hello", encoding="utf-8")
    code, out, err = _replay(good, capsys, str(bad))
    assert code == 1
    assert out.splitlines()[0].startswith("good.json: ok: 3 months replayed")
    assert out.splitlines()[1].startswith("edited.json: month ")
    code, out, err = _replay("text.json", capsys, str(good), str(bad))
    assert code == 2 and len(out.splitlines()) == 2
    assert err == "ambassador replay: text.json: not JSON: Expecting value: line 1 column 1 (char 0)\n"


def test_records_replayed_together_say_what_each_says_alone(capsys: pytest.CaptureFixture[str]) -> None:
    """Several records of one scenario are replayed as one block (records.replay_many): each line, in the order
    the files are named, is the one replaying that file alone prints, and the exit code is the worst."""
    good = _written(seed=5)
    files = [_save(good, "good.json"), _save(from_state(random_game(tutorial(), 6, months=2), "Ann").to_json(),
                                             "saved.json")]
    for k, edit in enumerate(("cohesion", "digest", "score", "player", "longer", "shorter", "choice")):
        data = json.loads(json.dumps(good))
        if edit in ("cohesion", "digest"):
            data["turns"][k % 3][edit] = data["turns"][k % 3][edit] + (1 if edit == "cohesion" else "0")
        elif edit == "score":
            data["score"] += 1
        elif edit == "player":
            data["player"] = "Boris"
        elif edit == "longer":
            data["turns"].append(dict(data["turns"][-1], turn=4))
        elif edit == "shorter":
            data["turns"].pop()
        else:
            uid = sorted(data["turns"][1]["choices"])[0]
            data["turns"][1]["choices"][uid] = "no-such-response"
        files.append(_save(data, f"{edit}.json"))
    Path("text.json").write_text("hello", encoding="utf-8")
    files.insert(3, Path("text.json"))
    alone = [_replay(path, capsys) for path in files]
    code, out, err = _replay(files[0], capsys, *(str(f) for f in files[1:]))
    assert out == "".join(o for _, o, _ in alone) and err == "".join(e for _, _, e in alone)
    assert code == max(c for c, _, _ in alone) == 2
    assert sum(1 for line in out.splitlines() if ": ok: " in line) == 2

@pytest.mark.parametrize("content, message", [
    (b"\x00\xff\xfe garbage", "not JSON: the file is not UTF-8 text"),
    (b"this is not json", "not JSON: Expecting value"),
    (b"", "not JSON"),
    (b"[1, 2, 3]", 'not an Ambassador game record (no "format": "ambassador-record")'),
    (b'{"format": "something-else"}', "not an Ambassador game record"),
    (b'{"format": "ambassador-record", "version": 99}', "record format version 99 is not supported"),
    (b'{"format": "ambassador-record", "version": 1}', "scenario: expected an object, found missing"),
    (b'{"format": "ambassador-record", "version": 1, "scenario": {"id": "tutorial", "sha256": "x"}, '
     b'"seed": 1, "turns": [{"turn": "one"}]}', "turns[0].turn: expected a whole number, found text"),
    # The first problem, in the order a record's keys are described (scenario, seed, turns, player, ...).
    (b'{"format": "ambassador-record", "version": 1, "scenario": {"id": "tutorial", "sha256": "x"}, '
     b'"seed": 1, "turns": [{"turn": 0, "choices": {"c": 1}, "initiatives": [], "cohesion": 1e999, '
     b'"digest": "d"}]}', "turns[0].turn: 0 is out of range (1 to 10000)"),
    (b'{"format": "ambassador-record", "version": 1, "scenario": {"id": "tutorial", "sha256": "x"}, '
     b'"seed": 1, "turns": [{"turn": 1, "choices": {"c": 1}, "initiatives": [], "cohesion": 1e999, '
     b'"digest": "d"}]}', "turns[0].choices: every choice must map a card to a response id"),
    (b'{"format": "ambassador-record", "version": 1, "scenario": {"id": "tutorial", "sha256": "x"}, '
     b'"seed": 1, "turns": [{"turn": 1, "choices": {}, "initiatives": [2], "cohesion": 1e999, '
     b'"digest": "d"}]}', "turns[0].initiatives: must be a list of ids"),
    (b'{"format": "ambassador-record", "version": 1, "scenario": {"id": "tutorial", "sha256": "x"}, '
     b'"seed": 1, "turns": [{"turn": 1, "choices": {}, "initiatives": [], "cohesion": 1e999, '
     b'"digest": "d"}]}', "turns[0].cohesion: not a finite number"),
    (b'{"format": "ambassador-record", "version": 1, "scenario": {"id": "tutorial", "sha256": "x"}, '
     b'"seed": true, "turns": []}', "seed: expected a whole number, found true or false"),
    (b'{"format": "ambassador-record", "version": 1, "scenario": {"id": "tutorial", "sha256": "x"}, '
     b'"seed": 1, "turns": [], "player": "Ann", "finished": true, "score": "high"}',
     "score: expected a whole number, found text"),
    # An item of a list that is not of the list's kind (a month as null, a month as a number): it was a
    # KeyError traceback in replay, and 'could not be checked (KeyError: 0); please report this' in compare.
    (b'{"format": "ambassador-record", "version": 1, "scenario": {"id": "tutorial", "sha256": "x"}, '
     b'"seed": 1, "turns": [null]}', "turns[0]: expected an object, found null"),
    (b'{"format": "ambassador-record", "version": 1, "scenario": {"id": "tutorial", "sha256": "x"}, '
     b'"seed": 1, "turns": [{"turn": 1, "choices": {}, "initiatives": [], "cohesion": 1, "digest": "d"}, 2]}',
     "turns[1]: expected an object, found a whole number"),
])
def test_not_a_record_exits_2(content: bytes, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    Path("bad.json").write_bytes(content)
    code, out, err = _replay("bad.json", capsys)
    assert code == 2 and out == ""
    assert err.startswith("ambassador replay: ") and message in err

def test_a_record_saved_with_a_byte_order_mark_replays(capsys: pytest.CaptureFixture[str]) -> None:
    """An editor that saves UTF-8 with a byte order mark (Windows Notepad did) changes no key of a record:
    it replays as before. It was refused: 'not JSON: Unexpected UTF-8 BOM (decode using utf-8-sig)'."""
    data = _written()
    Path("bom.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(data).encode())
    code, out, err = _replay("bom.json", capsys)
    assert (code, err) == (0, "")
    assert out.startswith("bom.json: ok: 3 months replayed")

def test_missing_file_and_directory_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _replay("nowhere.json", capsys)[0] == 2
    Path("folder.json").mkdir()
    code, _, err = _replay("folder.json", capsys)
    assert (code, err) == (2, "ambassador replay: folder.json: this is a folder, not a game record; name a record "
                              "file (.json)\n")

def test_parse_keeps_unknown_keys() -> None:
    data = _written()
    data["resume"] = {"scenario_path": "x"}
    record = parse(data)
    assert record.extra == {"resume": {"scenario_path": "x"}}
    assert record.to_json() == data
    with pytest.raises(RecordError):
        parse({"format": "ambassador-record", "version": 1, "scenario": [], "turns": []})

def test_golden_replay_output(capsys: pytest.CaptureFixture[str]) -> None:
    """Every message `replay` prints, for one fixed game, as one golden file."""
    lines: list[str] = []

    def run(label: str, path: str, *extra: str) -> None:
        code, out, err = _replay(path, capsys, *extra)
        lines.append(f"$ ambassador replay {' '.join([path, *extra])}  # {label}")
        lines.extend(f"stdout: {x}" for x in out.splitlines())
        lines.extend(f"stderr: {x}" for x in err.splitlines())
        lines.append(f"exit {code}")
        lines.append("")

    good = _written(seed=5)
    _save(good, "good.json")
    run("a finished game", "good.json")
    _save(from_state(random_game(tutorial(), 5, months=1), "Ann").to_json(), "saved.json")
    run("a saved, unfinished game", "saved.json")
    edited = json.loads(json.dumps(good))
    edited["turns"][1]["cohesion"] += 1
    _save(edited, "edited.json")
    run("the cohesion of month 2 edited", "edited.json")
    longer = json.loads(json.dumps(good))
    longer["turns"].append(dict(longer["turns"][-1], turn=4))
    _save(longer, "longer.json")
    run("a month too many", "longer.json")
    shorter = json.loads(json.dumps(good))
    shorter["turns"].pop()
    _save(shorter, "shorter.json")
    run("finished, but a month missing", "shorter.json")
    Path("text.json").write_text("hello\n", encoding="utf-8")
    run("not JSON", "text.json")
    Path("other.json").write_text('{"name": "a config file"}\n', encoding="utf-8")
    run("JSON, but not a record", "other.json")
    run("no such file", "missing.json")
    renamed = json.loads(json.dumps(good))
    renamed["player"] = "Boris"
    _save(renamed, "renamed.json")
    run("the player renamed", "renamed.json")
    unsealed = json.loads(json.dumps(good))
    del unsealed["seal"]
    _save(unsealed, "unsealed.json")
    run("no seal", "unsealed.json")
    text_of_good = json.dumps(good)
    Path("twice.json").write_text(text_of_good.replace('"player": "Ann"', '"player": "Ann", "player": "Boris"'),
                                  encoding="utf-8")
    run("a second player key", "twice.json")
    Path("deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    run("JSON 100,000 deep", "deep.json")
    Path("digits.json").write_text(text_of_good.replace('"seed": 5', '"seed": ' + "9" * 5000), encoding="utf-8")
    run("a 5,000-digit seed", "digits.json")
    Path("big-seed.json").write_text(text_of_good.replace('"seed": 5', f'"seed": {2**63}'), encoding="utf-8")
    run("a seed that cannot be stored", "big-seed.json")
    Path("nan.json").write_text(text_of_good.replace('"cohesion": ', '"cohesion": NaN, "x": ', 1),
                                encoding="utf-8")
    run("NaN", "nan.json")
    for key, value in (("player", 7), ("finished", "yes"), ("score", 1.5), ("turns", {})):
        wrong = json.loads(json.dumps(good))
        wrong[key] = value
        _save(wrong, f"wrong-{key}.json")
        run(f"{key} of the wrong type", f"wrong-{key}.json")
    Path("folder").mkdir()
    run("a folder", "folder")
    run("a device", "/dev/null")

    text = "\n".join(lines)
    golden = GOLDEN / "replay.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")

def test_records_of_the_plain_game_round_trip(tmp_path: Path) -> None:
    """write_record then read gives the same Record (the plain game and the TUI both rely on it)."""
    for seed in (1, 2):
        record: Record = from_state(random_game(tutorial(), seed), "Zoë")
        write_record(tmp_path / "x.json", record)
        assert read(tmp_path / "x.json") == record
        assert replay(tutorial(), record).ok
