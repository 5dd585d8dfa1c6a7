"""Scenario files: TOML -> pydantic models -> compiled, frozen engine data; and the bundled scenarios."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from game.scenario.load import MAX_BYTES, Problem, ScenarioError, check, check_bytes, declared_id, load

__all__ = ["MAX_BYTES", "BundledScenario", "Problem", "ScenarioError", "bundled", "bundled_dir", "check",
           "check_bytes", "default_scenario_path", "load", "resolve", "schema_text"]

DEFAULT_SCENARIO = "directive-1980"


def bundled_dir() -> Path:
    """Where the bundled scenarios are: inside the installed package, or the repository's scenarios/."""
    packaged = Path(str(resources.files("game"))) / "scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios"


@dataclass(frozen=True)
class BundledScenario:
    id: str
    path: Path
    title: str
    turns: int
    posts: int
    description: str


def bundled() -> list[BundledScenario]:
    """The bundled scenarios, the default first; files that do not load are left out."""
    found: list[BundledScenario] = []
    for path in sorted(bundled_dir().glob("*.toml")):
        scenario, _ = check(path)
        if scenario is not None:
            posts = sum(1 for c in scenario.countries if c.acts)
            found.append(BundledScenario(path.stem, path, scenario.title, scenario.turns, posts,
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
    raise ScenarioError([Problem(name, 1, "", f"no such file or bundled scenario{hint}")])


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
    raise ScenarioError([Problem(str(bundled_dir()), 1, "", "no bundled scenario can be loaded")])
