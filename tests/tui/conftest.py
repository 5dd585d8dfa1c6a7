"""Shared fixtures for the Textual front end's tests: a private data folder, the scenarios, the app factory."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

import pytest

from game.engine import Scenario
from game.scenario import load

if TYPE_CHECKING:
    from textual.pilot import Pilot

HERE = Path(__file__).parent
TUTORIAL = HERE / "fixtures" / "tutorial.toml"  # a copy: snapshots do not churn when the bundled one is edited
BIG = HERE / "fixtures" / "big.toml"
BROKEN = HERE / "fixtures" / "broken.toml"
P = ParamSpec("P")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder, so autosaves and records never leak between tests."""
    folder = tmp_path / "home"
    monkeypatch.setenv("AMBASSADOR_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def fixed_scenario_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """The title screen lists the tutorial and the large fixture only, so new bundled scenarios do not churn
    the snapshots."""
    from game.scenario.catalog import ScenarioEntry
    from game.tui.app import AmbassadorApp

    entries = [ScenarioEntry("tutorial", TUTORIAL, "Tutorial: Three Embassies, Spring 1980", 3, 3,
                               "A five-minute first game."),
               ScenarioEntry("big", BIG, "A large fixture: thirteen countries", 12, 9,
                               "The shape of the main scenario.")]
    monkeypatch.setattr(AmbassadorApp, "scenarios", lambda self: entries)


@pytest.fixture(scope="session")
def tutorial() -> Scenario:
    return load(TUTORIAL)


def run_async(fn: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run an async test with asyncio.run (the project does not depend on an async pytest plugin)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        asyncio.run(fn(*args, **kwargs))

    return wrapper


async def steps(pilot: Pilot[Any], *keys: str | tuple[str, ...]) -> None:
    """Press each step's keys (a key, or a tuple of keys pressed together), letting the app settle after each."""
    for step in keys:
        await pilot.press(*((step,) if isinstance(step, str) else step))
        await pilot.pause()
