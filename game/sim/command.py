"""The `ambassador simulate` and `ambassador new` subcommands (wired into game/cli.py).

Only argparse is imported here at module level, so `ambassador --help` stays fast; each command imports the
engine when it runs. Exit codes follow game/cli.py: 0 the report (or the file) was written, whatever the
report finds; 1 the scenario has problems and cannot be played; 2 usage errors (an unknown policy, a bad
number, a file that already exists or cannot be written); 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys

# Neither pathlib nor typing is imported to build the command line (`ambassador --help` loads argparse and
# little else: tests/test_import_hygiene.py); mypy reads this name as typing's.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from rich.console import Console

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class HelpFormatter(argparse.HelpFormatter):
    """Every command's help (game/cli.py gives it to each parser): argparse's, as wide as the terminal, found
    as ``shutil.get_terminal_size`` finds it (COLUMNS, else standard output's terminal, else 80) without
    importing shutil: argparse imports it for that alone, and it loads zlib, bz2 and lzma, a sixth of
    `ambassador --help`'s own time (benchmarks/startup.py)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        if width is None:
            import os

            try:
                columns = int(os.environ["COLUMNS"])
            except (KeyError, ValueError):
                columns = 0
            if columns <= 0:
                try:
                    columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
                except (ValueError, OSError):  # closed, or not a terminal
                    columns = 80
                columns = columns or 80
            width = columns - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _at_most(limit: int, unit: str) -> Callable[[str], int]:
    """argparse's type for a count of 1 to ``limit`` (a few zeros too many are refused, not run until the
    memory or the patience runs out)."""
    def count(text: str) -> int:
        value = _positive(text)
        if value > limit:
            raise argparse.ArgumentTypeError(f"at most {limit:,} {unit}, got {value:,}")
        return value
    return count


#: The most games per policy: 10,000 times the default, about 6 minutes of the random policy on one core.
MAX_GAMES = 10_000_000
#: The most worker processes (each holds about 55 MB); the report is the same for any number of them.
MAX_JOBS = 64
#: The most playouts of each candidate plan for the strong policy (default 3).
MAX_ROLLOUTS = 1_000


def path_type(text: str) -> Path:
    """argparse's type for every file argument of every command (game/cli.py uses it too): a ``Path``, with
    pathlib imported only once a command is given one."""
    from pathlib import Path

    return Path(text)


def seed_type(text: str) -> int:
    """argparse's type for every --seed of every command (game/cli.py uses it too): the one seed range
    (game.engine.rng), refused where it enters."""
    from game.engine.rng import parse_seed

    try:
        return parse_seed(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _margin(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("the margin must be between 0 and 100 points")
    return value


def _simulate_parser(sim: argparse.ArgumentParser) -> None:
    from game.sim.builtin import BUILTIN, summary  # plain data: the parser is built without the engine or numpy

    listing = "; ".join(f"{name}: {summary(name)}" for name in BUILTIN)
    sim.description = (
        "Play GAMES games per policy without a player and write the balance report: which endings happen, "
        "whether a lazy strategy wins, which cards never appear, which responses are never worth choosing, and "
        "what to change. The same seed gives the same report on any machine and any number of jobs. Policies: "
        f"{listing}; plus any the scenario declares in [[policies]]. Exit 0 when the report was written "
        "(whatever it finds), 1 when the scenario has problems, 2 for usage errors.")
    # Optional to argparse only: `--policy NAME...` takes every word after it, the scenario too when it comes
    # last; _simulate takes it back from there (the usage still shows it required).
    sim.add_argument("scenario", nargs="?", help="bundled scenario id or path to a .toml file")
    sim.add_argument("--games", type=_at_most(MAX_GAMES, "games per policy"), default=1000, metavar="N",
                     help=f"games per policy (default 1000; at most {MAX_GAMES:,})")
    sim.add_argument("--seed", type=seed_type, default=1980, metavar="S", help="the batch's seed (default 1980)")
    sim.add_argument("--policy", action="extend", nargs="+", metavar="NAME",
                     help="policies to play (default: all built-in ones and the scenario's own)")
    sim.add_argument("--jobs", type=_at_most(MAX_JOBS, "worker processes"), metavar="J",
                     help=f"worker processes (default: every core; at most {MAX_JOBS})")
    sim.add_argument("--json", action="store_true", help="print the versioned JSON document "
                                                         "(docs/simulate-json.md) instead of the text report")
    sim.add_argument("--slow-games", type=_at_most(MAX_GAMES, "games per policy"), metavar="N",
                     help="games for the slow policies, greedy and strong (default: min(N, 200))")
    sim.add_argument("--rollouts", type=_at_most(MAX_ROLLOUTS, "playouts per plan"), default=3, metavar="R",
                     help=f"the strong policy's playouts per candidate plan (default 3; at most {MAX_ROLLOUTS:,})")
    sim.add_argument("--margin", type=_margin, default=2.0, metavar="POINTS",
                     help="a fixed policy this close to the strong one's mean score is flagged (default 2)")
    sim.add_argument("--difficulty", default="", help="a difficulty id the scenario defines")
    sim.usage = sim.format_usage().removeprefix("usage: ").rstrip().replace(" [scenario]", " scenario")
    sim.set_defaults(parser=sim)  # for _simulate to refuse a missing scenario as argparse would


def _new_parser(new: argparse.ArgumentParser) -> None:
    new.description = ("Write a small, fully commented scenario to PATH, and the JSON Schema beside it "
                       "(scenario.schema.json) so that editors with Taplo or Even Better TOML complete keys and "
                       "underline typos. Refuses to overwrite an existing file (exit 2).")
    new.add_argument("path", type=path_type, metavar="PATH")


#: `simulate` and `new` for game/cli.py's table of commands: each one's line in `ambassador --help`, and what
#: adds its description and arguments (built only when it is the command given).
PARSERS: dict[str, tuple[str | None, Callable[[argparse.ArgumentParser], None]]] = {
    "simulate": ("play many games headless and report how the scenario plays", _simulate_parser),
    "new": ("write a small, commented scenario to start from", _new_parser),
}


def run(args: argparse.Namespace) -> int:
    if args.command == "simulate":
        return _simulate(args)
    return _new(args.path)


def _simulate(args: argparse.Namespace) -> int:
    if args.scenario is None and args.policy and len(args.policy) > 1:
        args.scenario = args.policy.pop()  # `--policy ignore random tutorial`: the last word is the scenario
    if args.scenario is None:
        args.parser.error("the following arguments are required: scenario")  # exits 2
    import json

    from game.scenario import ScenarioError, load, resolve
    from game.sim.batch import Settings, run
    from game.sim.policies import PolicyError, available, make_policy
    from game.sim.report import analyse, render_text, to_json
    from game.text import difficulty_problem

    try:
        scenario = load(resolve(args.scenario))
    except ScenarioError as exc:
        print(f"ambassador simulate: the scenario cannot be played:\n{exc}", file=sys.stderr)
        return EXIT_USAGE if exc.unreadable else EXIT_PROBLEMS
    problem = difficulty_problem(scenario, args.difficulty or "")
    if problem is not None:
        print(f"ambassador simulate: {problem}", file=sys.stderr)
        return EXIT_USAGE
    names = tuple(dict.fromkeys(args.policy or [n for n, _ in available(scenario)]))
    try:
        for name in names:
            make_policy(name, scenario)
    except PolicyError as exc:
        print(f"ambassador simulate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    slow_games = args.slow_games if args.slow_games is not None else min(args.games, 200)
    settings = Settings(games=args.games, seed=args.seed, policies=names, slow_games=slow_games,
                        rollouts=args.rollouts, difficulty=args.difficulty)
    if sys.stderr.isatty():
        with ProgressBar(sum(settings.games_for(n, scenario) for n in names)) as bar:
            tallies = run(scenario, settings, jobs=args.jobs, progress=bar.update)
    else:
        tallies = run(scenario, settings, jobs=args.jobs)
    report = analyse(scenario, settings, tallies, margin=args.margin)
    if args.json:
        sys.stdout.write(json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(report))
    return EXIT_OK


def _text_of(path: Path) -> str | None:
    """A file's text, read by the rule every command follows (game.files); None when it is refused."""
    from game.files import FileRefused, read_bytes

    try:
        return read_bytes(path, 4 * 1024 * 1024).decode("utf-8", errors="replace")
    except FileRefused:
        return None


class ProgressBar:
    """simulate's progress on stderr (used only when stderr is a terminal): a rich.progress bar of the games
    played, naming the policy of the last block done, cleared when the report is printed."""

    def __init__(self, total: int, console: Console | None = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("  {task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("games"), TimeRemainingColumn(),
                                 console=console or Console(stderr=True), transient=True)
        self.task = self.progress.add_task("simulating", total=total)

    def __enter__(self) -> ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, policy: str, games: int) -> None:
        self.progress.update(self.task, advance=games, description=f"simulating ({policy})")

    @property
    def done(self) -> int:
        return int(self.progress.tasks[0].completed)


def _new(path: Path) -> int:
    import shlex

    from game.scenario.scaffold import SCHEMA_NAME, scaffold_text

    if path.exists():
        print(f"ambassador new: {path} already exists; choose another name (nothing was written)",
              file=sys.stderr)
        return EXIT_USAGE
    from game.records import write_atomic
    from game.scenario import schema_text

    schema_path = path.parent / SCHEMA_NAME
    try:
        write_atomic(path, scaffold_text(path.stem))
        if not schema_path.exists():
            write_atomic(schema_path, schema_text())
        elif _text_of(schema_path) != schema_text():
            print(f"ambassador new: left the existing {schema_path} as it is; `ambassador schema -o "
                  f"{shlex.quote(str(schema_path))}` brings it up to date", file=sys.stderr)
    except OSError as exc:
        print(f"ambassador new: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path} (and its schema, {schema_path.name}, beside it)")
    typed = shlex.quote(str(path))  # as a shell reads it back: a name with a space is one file
    print(f"next: `ambassador validate {typed}`, then `ambassador simulate {typed}`, then `ambassador play {typed}`")
    print("every key: `ambassador docs format`; the whole walk to a balanced scenario: `ambassador docs writing`")
    return EXIT_OK
