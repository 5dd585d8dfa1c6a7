"""Where the game keeps its files (saves, records, the autosave) and how it writes one (atomically), with
nothing else of the game imported.

It lives apart from ``game.records`` because that package loads the engine, and the title screen only needs
to know whether an autosave exists: the terminal app's first screen must not pay for the rules
(benchmarks/startup.py). ``game.records`` re-exports these functions; ``game.scenario`` (the format
reference) writes with ``write_atomic`` without loading the records.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
import tempfile
import time
from pathlib import Path


def shipped(name: str) -> Path:
    """A folder that comes with the game (``scenarios``, ``docs``): inside the installed package, where the wheel
    puts it (game/NAME), or else the repository's. Found from this file, as ``importlib.resources.files("game")``
    would find the package, without loading importlib.resources and zipfile before the title screen."""
    package = Path(__file__).resolve().parent
    packaged = package / name
    return packaged if packaged.is_dir() else package.parent / name


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
    """Write a file so that a crash leaves either the old file or the new one, never half of either.

    The file gets the permissions of the file it replaces, or the user's normal ones (0666 less the umask) when
    it is new: records, CSV and HTML are for the teacher to read and share. A temporary file left by a save that
    was killed (``.NAME.*.tmp``, older than STALE_SECONDS) is removed by the next save of the same file.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    tmp = _write_temp(path, text, mode)
    try:
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _remove_stale(path)


def write_new(path: Path, text: str) -> Path:
    """Write a file as ``write_atomic`` does, but never in place of another: at ``path``, or else at the first
    of ``NAME-2``, ``NAME-3``, ... beside it that is free. The name is taken by linking the finished file in,
    which fails when the name exists, so two processes writing one name at the same moment both keep their
    file (where the file system has no links, the name is looked at just before). Returns the file written."""
    tmp = _write_temp(path, text, 0o666 & ~_umask())
    try:
        candidate, k = path, 2
        while True:
            try:
                os.link(tmp, candidate)
                return candidate
            except FileExistsError:
                pass
            except OSError:  # no hard links here (some shared or FAT drives)
                if not candidate.exists():
                    tmp.replace(candidate)
                    return candidate
            candidate, k = path.with_name(f"{path.stem}-{k}{path.suffix}"), k + 1
    finally:
        tmp.unlink(missing_ok=True)
        _remove_stale(path)


def _write_temp(path: Path, text: str, mode: int) -> Path:
    """``text`` written whole, flushed to the disk, in a temporary file beside ``path`` (made with its
    folder); OSError when it cannot be."""
    if path.parent.exists() and not path.parent.is_dir():  # mkdir would say 'File exists'
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path.parent))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


#: A temporary file of a save older than this was left by a save that never finished (a save takes
#: milliseconds; a second process saving the same file at the same moment is not disturbed).
STALE_SECONDS = 600


def _remove_stale(path: Path) -> None:
    now = time.time()
    for old in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if now - old.lstat().st_mtime > STALE_SECONDS:
                old.unlink()
        except OSError:
            continue


_UMASK: list[int] = []


def _umask() -> int:
    """The process's umask (read once: setting it is the only way to read it)."""
    if not _UMASK:
        current = os.umask(0o022)
        os.umask(current)
        _UMASK.append(current)
    return _UMASK[0]
