"""The `ambassador` command. Each subcommand imports what it needs when it runs, so that `--help`,
`validate`, `replay` and the other headless commands never load textual.

Exit codes (an API; pinned by tests and listed in the README):
  0  success
  1  the input has problems: validation problems, a record that does not replay (compare: any record set
     apart), a scenario that cannot be played
  2  usage error, or a file that cannot be read or is not of the expected kind (game.files refuses it: missing,
     a folder, a pipe or device, over its size limit; or not a game record), or a record whose scenario is
     found nowhere (replay)
  130 interrupted (Ctrl+C) outside a game; inside a game Ctrl+C saves and exits 0
"""

from __future__ import annotations

import sys

from game import __version__
from game.errors import AmbassadorError

# Building the command line imports argparse and little else, so that `ambassador --help` starts at once:
# pathlib and typing load when a command needs them, and `ambassador` alone (the title screen, nothing to parse)
# does not even load argparse (tests/test_import_hygiene.py); mypy reads this name as typing's.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from game.engine import Scenario
    from game.records import Record, ReplayResult
    from game.scenario.find import Finder

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

_SCENARIO_HELP = ("a scenario file, or a folder of them, where records' scenarios are looked up by the id they "
                  "declare (repeatable; the bundled scenarios are always looked in; a record never names a "
                  "file to open)")


def _play_parser(play: argparse.ArgumentParser) -> None:
    from game.sim.command import path_type, seed_type

    play.description = ("Play a scenario. SCENARIO is a bundled id (see `ambassador scenarios`) or a path to a "
                        ".toml file.")
    play.add_argument("scenario", nargs="?", help="bundled scenario id or path (default: the main scenario)")
    play.add_argument("--plain", action="store_true", help="play line by line on stdin/stdout (screen "
                                                             "readers, scripts)")
    play.add_argument("--seed", type=seed_type, help="the seed; share it so a class plays the same game")
    play.add_argument("--name", default="", help="the player's name, kept in the record")
    play.add_argument("--difficulty", default="", help="a difficulty id the scenario defines")
    play.add_argument("--record", type=path_type, help="where to write the game record (default: the data folder)")
    play.add_argument("--resume", action="store_true", help="continue the saved game")
    play.add_argument("--reflect", action="store_true", help="ask for a one-line reflection at the end of each "
                                                             "month (optional to answer; kept in the record)")
    play.add_argument("--watch", action="store_true", help="reload the scenario when its file changes "
                                                             "(authors' preview; terminal app only)")


def _validate_parser(val: argparse.ArgumentParser) -> None:
    val.description = ("Check scenario files. Prints FILE:LINE: path: message for every problem; exit 0 when all "
                       "are clean, 1 when problems were found, 2 for usage errors.")
    val.add_argument("files", nargs="+", metavar="FILE")


def _schema_parser(schema: argparse.ArgumentParser) -> None:
    from game.sim.command import path_type

    schema.description = "Write the JSON Schema of the scenario format (to stdout, or to FILE)."
    schema.add_argument("-o", "--output", type=path_type, metavar="FILE")


def _scenarios_parser(scenarios: argparse.ArgumentParser) -> None:
    scenarios.description = ("List the bundled scenarios: id, title, size, description, and the file, which you "
                             "can copy to start a scenario of your own from it.")


def _docs_parser(docs: argparse.ArgumentParser) -> None:
    docs.description = "Print one of the guides installed with the game. With no TOPIC, list them."
    docs.add_argument("topic", nargs="?", metavar="TOPIC", help="one of: " + ", ".join(_DOCS))


def _replay_parser(rep: argparse.ArgumentParser) -> None:
    from game.sim.command import path_type

    rep.description = ("Replay game records against their scenario, each on its own line. Exit 0 when every month "
                       "of every record matches, 1 when a record differs (the line names the first month that "
                       "differs), 2 when a file is unreadable or not a record, or its scenario is not found.")
    rep.add_argument("records", nargs="+", type=path_type, metavar="RECORD")
    rep.add_argument("--scenario", action="append", metavar="FILE", help=_SCENARIO_HELP)


def _compare_parser(cmp: argparse.ArgumentParser) -> None:
    from game.sim.command import path_type

    cmp.description = ("Replay every record (files, or folders of *.json) and compare the ones that verify: a "
                       "row per player (ending, score, each post's final value), the class distribution, and where "
                       "players of the same game chose differently. Records that fail are listed apart with the "
                       "reason. Exit 0 when every record verifies, 1 when any was set apart, 2 for usage errors.")
    cmp.add_argument("records", nargs="*", type=path_type, metavar="RECORD")
    cmp.add_argument("--db", type=path_type, metavar="FILE", help="with --class: the classroom store (default: "
                                                             "classroom.sqlite3 in the data folder)")
    cmp.add_argument("--class", dest="klass", metavar="NAME", help="compare a class from the classroom store "
                                                                   "(the newest record of each game)")
    cmp.add_argument("--scenario", action="append", metavar="FILE", help=_SCENARIO_HELP)
    cmp.add_argument("--csv", type=path_type, metavar="FILE", help="also write a CSV (one row per player)")
    cmp.add_argument("--per-turn", action="store_true", help="with --csv: one row per player and month")
    cmp.add_argument("--html", type=path_type, metavar="FILE", help="also write a self-contained HTML report")


def _serve_parser(srv: argparse.ArgumentParser) -> None:
    from game.classroom import WARM_POOL
    from game.sim.command import path_type, seed_type

    srv.description = ("Serve the game to browsers: each student opens the address, types the join code the "
                       "banner shows, a name, and plays the scenario with the seed and difficulty you set (they "
                       "cannot change them). Every game's record goes into the classroom store (at the start, "
                       "after every month, when saved and at the end); a student who comes back (closed tab, "
                       "network drop, a restart of serve) continues where the game was. Binds 127.0.0.1 unless "
                       "--host says otherwise; Ctrl+C stops.")
    srv.add_argument("scenario", nargs="?", help="bundled scenario id or path (default: the main scenario)")
    srv.add_argument("--seed", type=seed_type, help="the seed every student plays (default: the scenario's)")
    srv.add_argument("--difficulty", default="", help="the difficulty every student plays (a difficulty id "
                                                      "the scenario defines; default: its first)")
    srv.add_argument("--class", dest="klass", metavar="NAME", help="the class's name in the store (default: "
                                                                   "today's date)")
    srv.add_argument("--host", default="127.0.0.1", help="the address to listen on; 0.0.0.0 serves the whole "
                                                         "network (default: 127.0.0.1, this machine only)")
    srv.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    srv.add_argument("--db", type=path_type, metavar="FILE", help="the classroom store (default: classroom.sqlite3 "
                                                             "in the data folder)")
    srv.add_argument("--max-sessions", type=int, default=40, metavar="N",
                     help="games playing at once; more browsers are told the class is full (default: 40)")
    srv.add_argument("--warm", type=int, default=WARM_POOL, metavar="N",
                     help="games kept started ahead, so that a class arriving at once waits little; each holds "
                          f"about 20 MiB (default: {WARM_POOL}; 0: none)")
    srv.add_argument("--verbose", action="store_true", help="log every request and each game's errors")


def _class_parser(cls: argparse.ArgumentParser) -> None:
    from game.sim.command import path_type

    cls.description = ("Show a class from the classroom store, refreshed every 2 seconds until Ctrl+C and fitted to "
                       "the terminal: when the class does not fit, its summary, its scores and the games seen last. "
                       "Records are not verified here: `ambassador compare --db FILE --class NAME` does that.")
    cls.add_argument("name", metavar="NAME")
    cls.add_argument("--db", type=path_type, metavar="FILE", help="the classroom store (default: classroom.sqlite3 "
                                                             "in the data folder)")
    cls.add_argument("--once", action="store_true", help="print one snapshot and exit")


def _zygote_parser(ses: argparse.ArgumentParser) -> None:
    from game.sim.command import path_type, seed_type

    ses.add_argument("scenario", type=path_type)
    ses.add_argument("--seed", type=seed_type, required=True)
    ses.add_argument("--difficulty", default="")
    ses.add_argument("--class", dest="klass", required=True)
    ses.add_argument("--db", type=path_type, required=True)


#: Every command, in the order `ambassador --help` lists them: its line there (None: not listed), and what adds
#: its description and arguments to its parser. simulate and new are game.sim.command's (``PARSERS``).
_COMMANDS: dict[str, tuple[str | None, Callable[[argparse.ArgumentParser], None]]] = {
    "play": ("play a scenario (in the terminal app, or line by line with --plain)", _play_parser),
    "validate": ("check scenario files and report every problem", _validate_parser),
    "schema": ("write the JSON Schema of the scenario format", _schema_parser),
    "scenarios": ("list the bundled scenarios", _scenarios_parser),
    "docs": ("show a guide that comes with the game (the scenario format, writing a scenario, the teacher's "
             "guide)", _docs_parser),
    "replay": ("replay game records and check them", _replay_parser),
    "compare": ("verify a class's records and compare the players", _compare_parser),
    "serve": ("serve the game to a class's browsers; every record goes to the store", _serve_parser),
    "class": ("the teacher's live view of a class: who started, who finished, scores", _class_parser),
    # The fork server of `serve` (not listed: `serve` runs it, with what the teacher chose).
    "_zygote": (None, _zygote_parser),
}


def _parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The command line for ``argv``. Only the parser of the command given is built, with its arguments: each
    costs about a millisecond (argparse looks up its own messages' translations), and `ambassador --help`
    should start at once. With no command word first (``--help``, ``--version``, a mistake) every command is
    added with its line of help and nothing else, for the listing and for the message naming the choices;
    with no words at all (the title screen) none is."""
    import argparse

    from game.sim.command import PARSERS, HelpFormatter

    parser = argparse.ArgumentParser(
        prog="ambassador", formatter_class=HelpFormatter,
        description="Ambassador: an ambassador's year, month by month, in a scenario written from the "
                    "historical sources (the bundled ones are listed on the title screen; `ambassador new` starts "
                    "your own). With no command, the game opens at its title screen.",
        epilog="Exit codes: 0 success; 1 problems found (validation, replay, a scenario that cannot be "
               "played); 2 usage error or unreadable file; 130 interrupted.")
    parser.add_argument("--version", action="version", version=f"ambassador {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if not argv:
        return parser
    commands = {**_COMMANDS, **PARSERS}
    # The command is the first word; an option before it can only be --help or --version (which exit there,
    # the listing needed) or a mistake (argparse's message names the choices).
    chosen = argv[0] if argv[0] in commands else None
    for name, (line, fill) in commands.items():
        if chosen is not None and name != chosen:
            continue
        command = (sub.add_parser(name, formatter_class=HelpFormatter) if line is None else
                   sub.add_parser(name, help=line, formatter_class=HelpFormatter))
        if chosen is not None:
            fill(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(words) if words else None  # no words: the title screen, with nothing to parse
    args = parser.parse_args(words) if parser is not None else None
    command = args.command if args is not None else None
    try:
        if command in (None, "play"):
            return _play(args)
        assert args is not None and parser is not None  # a command was given
        if args.command == "validate":
            return _validate(args.files)
        if args.command == "schema":
            return _schema(args.output)
        if args.command == "scenarios":
            return _scenarios()
        if args.command == "docs":
            return _docs(args.topic)
        if args.command == "replay":
            return _replay(args.records, args.scenario or [])
        if args.command == "compare":
            return _compare(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "class":
            return _class(args)
        if args.command == "_zygote":
            return _zygote(args)
        if args.command in ("simulate", "new"):
            from game.sim.command import run as run_sim

            return run_sim(args)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except AmbassadorError as exc:  # each command reports its own; this is the net under them, no traceback
        print(f"ambassador{f' {command}' if command else ''}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenPipeError:
        return EXIT_OK
    parser.error(f"unknown command {command!r}")
    return EXIT_USAGE  # pragma: no cover - parser.error exits


def _validate(files: list[str]) -> int:
    from game.files import capped, shown
    from game.scenario import check
    from game.scenario.loader import pending

    total = 0
    unreadable = False
    waiting: list[str] = []
    for name in files:
        _, problems = check(name)
        for line in capped([str(problem) for problem in problems], noun=f"more problems in {name}"):
            print(line)
        total += len(problems)
        unreadable = unreadable or any(problem.unreadable for problem in problems)
        checks = pending(problems)
        if checks:  # the checks of the whole scenario wait for these: the next run may find more
            fixed = "it is fixed" if len(problems) == 1 else "they are fixed"
            waiting.append(f"{shown(name)}: once {fixed}, validate also checks {checks}: run it again")
    if total:
        print(f"{total:,} problem{'s' if total != 1 else ''} found in {len(files)} "
              f"file{'s' if len(files) != 1 else ''}", file=sys.stderr)
        for line in waiting:
            print(line, file=sys.stderr)
        return EXIT_USAGE if unreadable else EXIT_PROBLEMS
    for name in files:
        print(f"{shown(name)}: ok")
    return EXIT_OK


def _schema(output: Path | None) -> int:
    from game.scenario import schema_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    from game.records import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        print(f"ambassador schema: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


#: The guides `ambassador docs` shows: topic -> (file in docs/, what it is).
_DOCS = {
    "format": ("scenario-format.md", "every table and key of a scenario file, and the expression language"),
    "writing": ("writing-a-scenario.md", "from `ambassador new` to a balanced scenario, step by step"),
    "teachers": ("teachers-guide.md", "the teacher's guide: the lesson, the sources and the class hour"),
    "simulate-json": ("simulate-json.md", "the JSON document of `ambassador simulate --json`"),
}


def _docs_dir() -> Path:
    """The guides: inside the installed package, or the repository's docs/."""
    from game.paths import shipped

    return shipped("docs")


def _docs(topic: str | None) -> int:
    if topic is None:
        print("Guides that come with the game (ambassador docs TOPIC; pipe into `less` to page):")
        for name, (_, what) in _DOCS.items():
            print(f"  {name:<14} {what}")
        return EXIT_OK
    if topic not in _DOCS:
        import difflib

        near = difflib.get_close_matches(topic, list(_DOCS), n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        print(f"ambassador docs: no guide called {topic!r}{hint} (topics: {', '.join(_DOCS)})", file=sys.stderr)
        return EXIT_USAGE
    path = _docs_dir() / _DOCS[topic][0]
    try:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"ambassador docs: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _scenarios() -> int:
    from game.scenario import bundled

    for s in bundled():
        print(f"{s.id}\n  {s.title}\n  {s.turns} months, {s.posts} posts. {s.description}\n  file: {s.path}\n")
    return EXIT_OK


def _finder(command: str, given: list[str], kept: Sequence[tuple[str, bytes]] = ()) -> Finder | int:
    """Where records' scenarios are found (by id: --scenario, the store's kept texts, bundled), or the exit code
    of a --scenario argument that cannot be used."""
    from game.scenario import ScenarioError
    from game.scenario.find import Finder

    try:
        finder = Finder(given, kept)
    except ScenarioError as exc:
        print(f"ambassador {command}: --scenario: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for note in finder.notes:
        print(f"ambassador {command}: {note}", file=sys.stderr)
    return finder


def _replay(paths: list[Path], given: list[str]) -> int:
    """Each record on its own line, in the order named: ok, where it differs, or why it cannot be replayed. One
    record never stops the others; the exit code is the worst: 2 a record cannot be read or its scenario is not
    found, 1 one differs, 0 all replay. Several records of one scenario are replayed together
    (``records.replay_many``, the same verdicts as one by one)."""
    from game.files import shown
    from game.records import RecordError, read

    finder = _finder("replay", given)
    if isinstance(finder, int):
        return finder
    worst = EXIT_OK
    found: list[tuple[str, Record, Scenario] | str] = []  # per path: what to replay, or the error line
    for path in paths:
        name = shown(str(path), 300)
        try:
            record = read(path)
        except RecordError as exc:
            found.append(f"ambassador replay: {name}: {exc}")
            continue
        scenario = finder.find(record.scenario_id, record.scenario_sha256)
        if isinstance(scenario, str):
            found.append(f"ambassador replay: {name}: {scenario}")
            continue
        found.append((name, record, scenario))
    results = _replayed([item for item in found if not isinstance(item, str)])
    for item in found:
        if isinstance(item, str):
            print(item, file=sys.stderr)
            worst = EXIT_USAGE
            continue
        name, record, scenario = item
        result = results[id(item)]
        if isinstance(result, Exception):  # a defect of the game, not of the record: the others still replay
            print(f"{name}: could not be checked ({type(result).__name__}: {shown(str(result), 100)}); please "
                  "report this")
            worst = max(worst, EXIT_PROBLEMS)
            continue
        if not result.ok:
            where = f"month {result.turn}" if result.turn else "the record"
            print(f"{name}: {where} differs: {result.reason}")
            worst = max(worst, EXIT_PROBLEMS)
            continue
        state = result.state
        tail = f"; ending {state.ending}, score {state.score}" if state is not None and state.over else \
            " (an unfinished game)"
        months = f"{result.turns} month{'s' if result.turns != 1 else ''}"
        note = "" if record.scenario_sha256 == scenario.sha256 else \
            " (the scenario file differs from the one the record was made with, but every month matches)"
        print(f"{name}: ok: {months} replayed{tail}{note}")
    return worst


def _replayed(found: list[tuple[str, Record, Scenario]]) -> dict[int, ReplayResult | Exception]:
    """Per item (by ``id``), its replay: alone when it is the only record of its scenario, else with the others
    of that scenario (``replay_many``); should that fail, each alone, so that a defect touches only its own."""
    from game.records import replay, replay_many

    batches: dict[int, list[tuple[str, Record, Scenario]]] = {}
    for item in found:
        batches.setdefault(id(item[2]), []).append(item)
    out: dict[int, ReplayResult | Exception] = {}
    for batch in batches.values():
        scenario = batch[0][2]
        together: list[ReplayResult] = []
        if len(batch) > 1:
            try:
                together = replay_many(scenario, [r for _, r, _ in batch])
            except Exception:  # a defect of the game: judged record by record below, where it is reported
                together = []
        if together:
            out.update((id(item), result) for item, result in zip(batch, together, strict=True))
            continue
        for item in batch:
            try:
                out[id(item)] = replay(scenario, item[1])
            except Exception as exc:
                out[id(item)] = exc
    return out


def _compare(args: argparse.Namespace) -> int:
    from game.records import write_atomic
    from game.records.compare import Source, compare, record_files, render_csv, render_html, render_text

    items: list[Path | Source] = []
    if args.db is not None and args.klass is None:
        print("ambassador compare: --db needs --class NAME (which class of the store to compare)", file=sys.stderr)
        return EXIT_USAGE
    if args.klass is None and not args.records:
        print("ambassador compare: name record files or folders, or --class NAME (with --db FILE)",
              file=sys.stderr)
        return EXIT_USAGE
    if args.per_turn and args.csv is None:
        print("ambassador compare: --per-turn needs --csv FILE (it shapes the CSV's rows)", file=sys.stderr)
        return EXIT_USAGE
    missing = [str(p) for p in args.records if not p.exists()]
    if missing:
        print(f"ambassador compare: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    if args.records and args.klass is None and not record_files(args.records):  # only folders, none with records
        print(f"ambassador compare: no game records (*.json) in {', '.join(str(p) for p in args.records)}",
              file=sys.stderr)
        return EXIT_USAGE
    items.extend(args.records)
    kept: list[tuple[str, bytes]] = []
    if args.klass is not None:
        from game.classroom.store import Store, StoreError, default_path

        try:
            with Store(args.db or default_path(), create=False) as store:
                rows = store.latest(args.klass)
                kept = store.scenarios()
                classes = store.classes()
        except StoreError as exc:
            print(f"ambassador compare: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if not rows:  # a mistyped name: say which classes there are, not "No verified games"
            held = f"its classes: {', '.join(classes)}" if classes else "it holds no games yet"
            print(f"ambassador compare: the store {args.db or default_path()} holds no class {args.klass!r}; {held}",
                  file=sys.stderr)
            return EXIT_USAGE
        # The label names the row, so a teacher can find a rejected one: "#ID player".
        items.extend(Source(f"#{row.id} {row.player}", row.record) for row in rows)
    finder = _finder("compare", args.scenario or [], kept)
    if isinstance(finder, int):
        return finder
    result = compare(items, finder.find)
    sys.stdout.write(render_text(result))
    try:
        if args.csv:
            write_atomic(args.csv, render_csv(result, per_turn=args.per_turn))
        if args.html:
            write_atomic(args.html, render_html(result))
    except OSError as exc:
        print(f"ambassador compare: cannot write: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # 1 when anything was set apart (listed under "Not counted"), so a script notices.
    return EXIT_PROBLEMS if result.rejected else EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    import asyncio
    import shlex
    from datetime import date

    from game.classroom.serve import is_loopback, public_url, zygote_argv
    from game.classroom.store import Store, StoreError, clean_name, default_path
    from game.classroom.web import JOIN_CODE, STOP, Classroom, Options, new_join_code, show_join_code
    from game.files import FileRefused, read_bytes
    from game.scenario import MAX_BYTES, ScenarioError, default_scenario_path, load, resolve
    from game.text import difficulty_problem

    if not 0 < args.port < 65536:
        print(f"ambassador serve: --port {args.port}: not a port number", file=sys.stderr)
        return EXIT_USAGE
    if args.max_sessions < 1:
        print(f"ambassador serve: --max-sessions {args.max_sessions}: at least 1", file=sys.stderr)
        return EXIT_USAGE
    if args.warm < 0:
        print(f"ambassador serve: --warm {args.warm}: 0 or more", file=sys.stderr)
        return EXIT_USAGE
    if not args.host.strip():  # to the server, an empty host is every network (an unset "$ADDRESS")
        print(f"ambassador serve: --host {args.host!r} is empty: 127.0.0.1 serves this machine only, 0.0.0.0 the "
              "whole network", file=sys.stderr)
        return EXIT_USAGE
    try:
        path = resolve(args.scenario) if args.scenario else default_scenario_path()
        scenario = load(path)
    except ScenarioError as exc:
        print(f"ambassador serve: the scenario cannot be played:\n{exc}", file=sys.stderr)
        return EXIT_USAGE if exc.unreadable else EXIT_PROBLEMS
    problem = difficulty_problem(scenario, args.difficulty or "")
    if problem is not None:
        print(f"ambassador serve: {problem}", file=sys.stderr)
        return EXIT_USAGE
    ids = [d.id for d in scenario.difficulties]
    difficulty = args.difficulty or (ids[0] if ids else "")
    seed = scenario.seed if args.seed is None else args.seed
    klass = clean_name(args.klass or date.today().isoformat(), fallback="class")
    db = (args.db or default_path()).resolve()
    try:
        with Store(db) as store:  # made now, so a bad path is reported before any student connects
            code = store.join_code(klass, new_join_code)
            # The scenario's text, so `compare --db` replays the class without the file (a record names none).
            store.keep_scenario(read_bytes(path, MAX_BYTES))
    except (StoreError, FileRefused) as exc:
        print(f"ambassador serve: {exc}", file=sys.stderr)
        return EXIT_USAGE
    url = public_url(args.host, args.port)
    level = f", difficulty {difficulty}" if difficulty else ""
    lines = [f"Serving {scenario.title} (seed {seed}{level}) to class {klass!r}.",
             f"Records go to {db}",  # a line of its own: a long path wraps at its start, not in the middle
             "", f"    Address: {url}", f"    {JOIN_CODE} {show_join_code(code)}", ""]
    if is_loopback(args.host):
        lines.append("Only browsers on this machine can reach it (to serve the room: --host 0.0.0.0).")
    else:
        lines.append("Anyone on this network can reach the address; only those with the join code can play.")
    # The next commands as a shell reads them, the store named only when it is not the default one (a long
    # path would wrap them at 80 columns for nothing).
    named = "" if args.db is None else f" --db {shlex.quote(str(db))}"
    lines += [f"At most {args.max_sessions} games at once (--max-sessions).",
              f"Watch the class: ambassador class {shlex.quote(klass)}{named}",
              f"Afterwards: ambassador compare{named} --class {shlex.quote(klass)} (--html FILE to project)",
              STOP]  # a line of its own: the one before is as long as the store's path
    options = Options(zygote_argv(path.resolve(), seed, difficulty, klass, db), klass, code, args.host,
                      args.port, "\n".join(lines), max_sessions=args.max_sessions, verbose=args.verbose,
                      loopback=is_loopback(args.host), db=db, warm=args.warm)
    try:
        asyncio.run(Classroom(options).run())
    except OSError as exc:
        print(f"ambassador serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _class(args: argparse.Namespace) -> int:
    from game.classroom.live import snapshot, watch
    from game.classroom.store import StoreError, default_path

    db = args.db or default_path()
    if not args.once:
        return watch(db, args.name)
    try:
        sys.stdout.write(snapshot(db, args.name))
    except StoreError as exc:
        print(f"ambassador class: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _zygote(args: argparse.Namespace) -> int:
    """The fork server of `serve` (``game.classroom.forkserver``): import and draw the game once, then fork one
    game per request. Each game has its own throwaway data folder (so students never see each other's saves:
    ``game.classroom.serve``) and sends every record to the store; a browser's unfinished game (by its resume
    code) continues."""
    import os
    import socket
    from pathlib import Path

    from game.classroom.forkserver import HOMES_ENV, SOCKET_ENV, Owner, Request, die_with, serve_forks
    from game.classroom.serve import play
    from game.classroom.web import WARM_SIZE

    server = int(os.environ.get("AMBASSADOR_SERVER_PID", "0") or 0)
    homes = Path(os.environ.get(HOMES_ENV, ""))
    if not server or not os.environ.get(SOCKET_ENV, "").isdigit() or not homes.is_absolute():
        print("ambassador _zygote: run by `ambassador serve` only", file=sys.stderr)
        return EXIT_USAGE
    sock = socket.socket(fileno=int(os.environ.pop(SOCKET_ENV)))
    die_with(server, watch=False)  # no thread: the zygote forks
    _warm_up(args, WARM_SIZE, homes / "warm-up")

    def game(request: Request, home: Path) -> int:
        from game.tui.served import run

        os.environ["COLUMNS"], os.environ["ROWS"] = str(request.width), str(request.height)
        return play(request.owner, Owner().get, args.scenario, args.seed, args.difficulty, args.klass, args.db,
                    home, run)

    return serve_forks(sock, server, homes, game)


def _warm_up(args: argparse.Namespace, size: tuple[int, int], home: Path) -> None:
    """Draw the served game's first screen once, headless, so that every game forked after it finds the
    modules, stylesheets and caches it needs already made (a fork costs about a third of a new Python). It
    writes nothing but in ``home`` (removed after); its event loop and threads are gone when it returns."""
    import asyncio
    import os
    import shutil
    import threading

    from game.tui.served import ServedApp

    home.mkdir(mode=0o700, exist_ok=True)
    before = os.environ.get("AMBASSADOR_HOME")
    os.environ["AMBASSADOR_HOME"] = str(home)

    async def first_screen() -> None:
        app = ServedApp(args.scenario, seed=args.seed, sink=lambda record: None, difficulty=args.difficulty)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()

    try:
        asyncio.run(first_screen())
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if before is None:
            os.environ.pop("AMBASSADOR_HOME", None)
        else:
            os.environ["AMBASSADOR_HOME"] = before
    for thread in threading.enumerate():  # a thread the app left behind ends before anything is forked
        if thread is not threading.main_thread():
            thread.join(5)
    import gc

    gc.collect()
    gc.freeze()  # what the zygote made stays out of every game's collections: its pages stay shared


def _play(args: argparse.Namespace | None) -> int:
    """``ambassador play`` and ``ambassador`` alone (``args`` None: nothing was parsed)."""
    record = getattr(args, "record", None)
    if record is not None and record.is_dir():  # found now, not when the record has nowhere else to go
        print(f"ambassador play: --record {record} is a folder; name the record's file in it, for example "
              f"--record {record / 'game.json'}", file=sys.stderr)
        return EXIT_USAGE
    if args is not None and getattr(args, "plain", False):
        if getattr(args, "watch", False):
            print("ambassador play: --watch reloads the scenario in the terminal app only; leave out --plain to "
                  "preview with --watch, or leave out --watch to play line by line", file=sys.stderr)
            return EXIT_USAGE
        from game.plain import main as plain_main

        return plain_main(args)
    from game.tui import run as tui_run

    return tui_run(args)
