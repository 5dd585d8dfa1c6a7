"""Where the game keeps its files (saves, records, the autosave) and how it writes one (atomically), with
nothing else of the game imported.

It lives apart from ``game.records`` because that package loads the engine, and the title screen only needs
to know whether an autosave exists: the terminal app's first screen must not pay for the rules
(benchmarks/startup.py). ``game.records`` re-exports these functions; ``game.scenario`` (the format
reference) writes with ``write_atomic`` without loading the records.
"""

from __future__ import annotations

import os
import tempfile
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


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that a crash leaves either the old file or the new one, never half of either."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
