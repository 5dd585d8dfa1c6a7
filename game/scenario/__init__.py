"""Scenario files: TOML -> pydantic models -> compiled, frozen engine data; and the bundled scenarios."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from game.scenario.catalog import DEFAULT_SCENARIO, ScenarioEntry, bundled_dir, bundled_entries, declared_id, peek

if TYPE_CHECKING:
    from game.scenario.loader import MAX_BYTES, Problem, ScenarioError, check, check_bytes, load

_LAZY = {"MAX_BYTES", "Problem", "ScenarioError", "check", "check_bytes", "load"}


def _loader() -> ModuleType:
    """Import the loader (and pydantic with it) and bind its public names here (the module is
    ``game.scenario.loader``, so no import of it can hide the function ``load`` behind a submodule)."""
    module = importlib.import_module("game.scenario.loader")
    globals().update({name: getattr(module, name) for name in _LAZY})
    return module


def __getattr__(name: str) -> Any:
    """The loader loads on first use, so that listing the bundled scenarios stays cheap."""
    if name in _LAZY:
        return getattr(_loader(), name)
    raise AttributeError(f"module 'game.scenario' has no attribute {name!r}")


__all__ = ["DEFAULT_SCENARIO", "MAX_BYTES", "Problem", "ScenarioEntry", "ScenarioError",
           "bundled", "bundled_dir", "bundled_entries", "check", "check_bytes", "declared_id",
           "default_scenario_path", "load", "peek", "readable", "resolve", "schema_text"]


def bundled() -> list[ScenarioEntry]:
    """The bundled scenarios that validate, the default first (``bundled_entries`` is the cheap listing that
    does not validate)."""
    found: list[ScenarioEntry] = []
    for path in sorted(bundled_dir().glob("*.toml")):
        scenario, _ = _loader().check(path)
        if scenario is not None:
            posts = sum(1 for c in scenario.countries if c.acts)
            found.append(ScenarioEntry(path.stem, path, scenario.title, scenario.turns, posts,
                                       scenario.description))
    found.sort(key=lambda s: (s.id != DEFAULT_SCENARIO, s.id))
    return found


def resolve(name: str) -> Path:
    """A scenario argument: an existing file path, or a bundled scenario named by its file name (without
    .toml, as `ambassador scenarios` lists it) or by the id it declares (as records name it).

    Raises ScenarioError naming the known ones when it is neither.
    """
    path = Path(name)
    if path.is_file() or name.endswith(".toml") or "/" in name:
        return path
    candidate = bundled_dir() / f"{name}.toml"
    if candidate.is_file():
        return candidate
    files = sorted(bundled_dir().glob("*.toml"))
    for file in files:
        if declared_id(file) == name:
            return file
    known = [p.stem for p in files]
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" (bundled: {', '.join(known)})"
    if Path(f"{name}.toml").is_file():  # the author's own file, named without its extension
        hint = f"; did you mean '{name}.toml', the file in this folder?"
    elif path.exists():  # a folder or a device, not a bundled name: loading it says what it is
        return path
    loader = _loader()
    raise loader.ScenarioError([loader.Problem(name, 1, "", f"no such file or bundled scenario{hint}",
                                               unreadable=True)])


def readable(name: str) -> Path:
    """``resolve(name)``, checked to be a regular file within the size limit (so a front end can refuse it,
    exit code 2, before it starts); ScenarioError marked unreadable otherwise."""
    from game.files import FileRefused, read_bytes

    path = resolve(name)
    loader = _loader()
    try:
        read_bytes(path, loader.MAX_BYTES, "a scenario file", "name a .toml file")
    except FileRefused as exc:
        raise loader.ScenarioError([loader.Problem(name, 1, "", exc.reason, unreadable=True)]) from None
    return path


def schema_text() -> str:
    """The JSON Schema of the scenario format, as committed in scenarios/scenario.schema.json."""
    import json

    from game.scenario.models import ScenarioFile

    return json.dumps(ScenarioFile.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def default_scenario_path() -> Path:
    """The scenario played when none is named: the main scenario, or the first bundled one until it exists.

    Every front end (the plain game, the TUI) asks here, so that the choice is made in one place. A broken
    main scenario is still returned, so that playing it reports its problems instead of hiding them.
    """
    main = bundled_dir() / f"{DEFAULT_SCENARIO}.toml"
    if main.is_file():
        return main
    found = bundled()
    if found:
        return found[0].path
    loader = _loader()
    raise loader.ScenarioError([loader.Problem(str(bundled_dir()), 1, "", "no bundled scenario can be loaded")])
