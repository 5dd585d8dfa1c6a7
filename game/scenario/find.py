"""Which scenario a record is replayed against: found by its id, never opened by a name the record gives.

A record says which scenario it was played on (``scenario.id`` and the sha256 of the file). That id is only
ever looked up, in this order, among

1. the files and folders the user passed (``--scenario``, repeatable; a folder gives its ``*.toml`` files),
2. the texts of the scenarios a classroom store kept when they were served (``kept``: no file at all),
3. the bundled scenarios,

by the id each file declares in ``[scenario]``. When several files declare the id, the one whose sha256 is the
record's wins (the exact version the game was played with), else the first. A record whose id is found nowhere
is set apart by the caller, with ``reason`` saying what to pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from game.engine.data import Scenario
from game.files import FileRefused, check_regular, shown
from game.scenario import Problem, ScenarioError, bundled_dir, check_bytes, declared_id, load, resolve


class Finder:
    """Scenarios by id. ``given`` are the user's ``--scenario`` arguments (files, folders or bundled ids),
    ``kept`` the (sha256, text) of scenarios a classroom store kept. Raises ScenarioError when a given argument
    cannot be used at all (no such file, not a regular file): a usage error, exit code 2."""

    def __init__(self, given: Sequence[str] = (), kept: Iterable[tuple[str, bytes]] = ()) -> None:
        self._paths: dict[str, list[Path | Scenario]] = {}
        self._loaded: dict[Path, Scenario | str] = {}
        self.notes: list[str] = []  # given files that declare no id (said once, on stderr, by the command)
        for arg in given:
            path = Path(arg)
            if path.is_dir():
                self._add_folder(path)
                continue
            path = resolve(arg)
            try:
                check_regular(path, "a scenario file", "name a .toml file or a folder of them")
            except FileRefused as exc:
                raise ScenarioError([Problem(arg, 1, "", exc.reason, unreadable=True)]) from None
            if not self._add(path):
                self.notes.append(f"--scenario {shown(arg)}: it declares no [scenario] id, so no record can "
                                  f"use it:\n{self._load(path)}")
        for sha, raw in kept:
            scenario, _ = check_bytes(raw, f"the store's copy of scenario {sha[:12]}")
            if scenario is not None:
                self._paths.setdefault(scenario.id, []).append(scenario)
        for path in sorted(bundled_dir().glob("*.toml")):
            self._add(path)

    def _add_folder(self, folder: Path) -> None:
        for path in sorted(folder.glob("*.toml")):
            self._add(path)

    def _add(self, path: Path) -> bool:
        ident = declared_id(path)
        if ident is None:
            return False
        found = self._paths.setdefault(ident, [])
        if path.resolve() not in (p.resolve() for p in found if isinstance(p, Path)):
            found.append(path)
        return True

    def _load(self, path: Path | Scenario) -> Scenario | str:
        if isinstance(path, Scenario):
            return path
        if path not in self._loaded:
            try:
                self._loaded[path] = load(path)
            except ScenarioError as exc:
                self._loaded[path] = str(exc)
        return self._loaded[path]

    def find(self, ident: str, sha256: str = "") -> Scenario | str:
        """The scenario a record of ``ident`` (made with a file of ``sha256``) replays against, or why none."""
        paths = self._paths.get(ident)
        if not paths:
            return (f"its scenario '{shown(ident, 60)}' is not a bundled one and no file given declares it: "
                    "pass the scenario's file with --scenario FILE (or a folder of scenario files)")
        loaded = [self._load(p) for p in paths]
        usable = [s for s in loaded if isinstance(s, Scenario)]
        for scenario in usable:
            if scenario.sha256 == sha256:
                return scenario
        if usable:
            return usable[0]
        first = str(loaded[0]).splitlines()[0] if str(loaded[0]) else ""
        return f"its scenario '{shown(ident, 60)}' ({paths[0]}) cannot be loaded: {first}"
