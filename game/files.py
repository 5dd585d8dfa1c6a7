"""Reading a file the user named, and showing text that came from one: the one rule every command follows.

Every command that reads a file (scenarios, records, saves, the classroom store) goes through ``read_bytes`` or
``check_regular``: only a regular file is read (a folder, a FIFO, ``/dev/zero`` or a socket is refused before
anything blocks or fills memory), and at most the caller's size limit is read. What is refused raises
``FileRefused`` with a reason in a teacher's words; the caller says which file. The command line maps a refused
file to exit code 2 (the README's table: "a file that cannot be read or is not of the expected kind").

``shown`` is how text from a file (a player's name, an id, a path) reaches a terminal or a report: control and
bidirectional-override characters escaped, and long text cut. ``capped`` caps a list of lines ("... and N
more").

Only the standard library is imported here, so every package (the engine excepted) may use it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from game.errors import AmbassadorError

#: Lines of problems or rejected items printed before "... and N more".
MAX_SHOWN = 100


class FileRefused(AmbassadorError):
    """The file was not read; ``reason`` says why (without the file's name: the caller adds it)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_kind(mode: int, what: str, hint: str) -> FileRefused:
    return FileRefused(f"this is {_kind(mode)}, not {what}; {hint or 'name ' + what}")


def check_regular(path: str | Path, what: str = "a file", hint: str = "") -> int:
    """The size of ``path`` if it is a regular file (symbolic links followed), else FileRefused."""
    try:
        info = Path(path).stat()
    except FileNotFoundError:
        raise FileRefused("no such file") from None
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse_kind(info.st_mode, what, hint)
    return info.st_size


def _too_large(size: int | str, limit: int, what: str) -> FileRefused:
    return FileRefused(f"the file is {size} bytes; {what} may be at most {limit:,} bytes ({_human(limit)})")


def _human(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"


def read_bytes(path: str | Path, limit: int, what: str = "a file", hint: str = "") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or FileRefused.

    The file is opened without blocking (a FIFO that appeared since the check cannot hang the command) and its
    kind is checked again on the open descriptor; at most ``limit + 1`` bytes are ever read, so a file that
    grows or lies about its size is still refused.
    """
    size = check_regular(path, what, hint)
    if size > limit:
        raise _too_large(f"{size:,}", limit, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileRefused("no such file") from None
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse_kind(info.st_mode, what, hint)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise FileRefused(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise _too_large("more than", limit, what)
    return b"".join(chunks)


# --- showing text that came from a file ----------------------------------------------------------------------

#: Bidirectional controls ("Trojan source"), which reorder what a terminal shows, and the Unicode line breaks.
_UNSAFE = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch == "\t":
        return "\\t"
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str, limit: int = 200) -> str:
    """``text`` as it may be printed: control characters (C0, DEL, C1) and bidirectional overrides escaped,
    so nothing from a file can move the cursor, change colours or reorder a line; cut to ``limit`` characters
    with "…" (whole lines of output stay readable whatever a file held)."""
    if len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():
        return text
    return "".join(_escape(ch) if (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in _UNSAFE) else ch
                   for ch in text)


def capped(lines: Sequence[str], limit: int = MAX_SHOWN, *, noun: str = "more") -> list[str]:
    """The first ``limit`` lines, then "... and N more" when there were more."""
    if len(lines) <= limit:
        return list(lines)
    return [*lines[:limit], f"... and {len(lines) - limit:,} {noun}"]
