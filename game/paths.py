"""Where the game keeps its files (saves, records, the autosave), with nothing else imported.

It lives apart from ``game.records`` because that package loads the engine, and the title screen only needs
to know whether an autosave exists: the terminal app's first screen must not pay for the rules
(benchmarks/startup.py). ``game.records`` re-exports both functions.
"""

from __future__ import annotations

import os
from pathlib import Path


def data_home() -> Path:
    """The folder for saves and records: $AMBASSADOR_HOME, or the user's data folder (platformdirs)."""
    env = os.environ.get("AMBASSADOR_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("ambassador", appauthor=False))


def autosave_path() -> Path:
    """The one autosave: the game in progress, rewritten after every month."""
    return data_home() / "autosave.json"
