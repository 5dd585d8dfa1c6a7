"""Find the line of every key in a TOML file, so that problems can say ``FILE:LINE: path: message``.

tomllib returns plain dicts without positions. This scanner reads the same text line by line, follows table
headers (``[a]``, ``[[a]]``) and keys (``k = v``, ``a.b = v``, inline ``{ k = v }``), and skips the insides
of multi-line strings and arrays. It only has to work on text tomllib has already accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Path = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_INLINE_KEY = re.compile(r"""(?:^|[{,])\s*([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=""")


def _split_key(text: str) -> list[str]:
    """Split a dotted TOML key into its parts, unquoting quoted parts."""
    text = text.strip()
    if _BARE.fullmatch(text):  # one bare part, as most keys are: the loop below would find just that
        return [text]
    parts: list[str] = []
    k = 0
    while k < len(text):
        ch = text[k]
        if ch in "\"'":
            end = text.find(ch, k + 1)
            end = len(text) if end < 0 else end
            parts.append(text[k + 1:end])
            k = end + 1
        elif ch == "." or ch.isspace():
            k += 1
        else:
            m = _BARE.match(text, k)
            if not m:
                break
            parts.append(m.group())
            k = m.end()
    return parts


def code_chars(line: str) -> Iterator[tuple[int, str]]:
    """The characters of one TOML line that are outside its strings and its comment, with their index: the
    one scan that finds a key's '=', counts brackets and finds where a value starts."""
    quote = ""
    k = 0
    while k < len(line):
        ch = line[k]
        if quote:
            if ch == "\\" and quote == '"':
                k += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return
        else:
            yield k, ch
        k += 1


def _plain(text: str) -> bool:
    """No string and no comment starts in ``text``: every character of it is code (code_chars's whole scan)."""
    return '"' not in text and "'" not in text and "#" not in text


def key_end(line: str) -> int:
    """The index of the '=' that ends a key on this line, or -1."""
    first = line.find("=")
    if first < 0 or _plain(line[:first]):  # no '=' at all, or none can hide in a string or comment before it
        return first
    return next((k for k, ch in code_chars(line) if ch == "="), -1)


def _bracket_balance(text: str) -> int:
    """Open minus closed brackets outside strings and comments."""
    if _plain(text):
        return text.count("[") + text.count("{") - text.count("]") - text.count("}")
    return sum(1 if ch in "[{" else -1 for _, ch in code_chars(text) if ch in "[{]}")


def key_at(line: str) -> tuple[str, ...]:
    """The parts of the key that a ``key = value`` line sets (empty when the line sets none)."""
    line = line.strip()
    eq = key_end(line)
    return tuple(_split_key(line[:eq])) if eq > 0 else ()


def key_lines(text: str) -> dict[Path, int]:
    """Map each key's path (array-of-tables entries as 0-based ints) to its 1-based line."""
    lines: dict[Path, int] = {}
    arrays: dict[Path, int] = {}
    current: Path = ()
    in_string = ""
    open_brackets = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = ""
            continue
        if open_brackets > 0:
            open_brackets += _bracket_balance(line)
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            is_array = line.startswith("[[")
            inner = line[2:line.find("]]")] if is_array else line[1:line.find("]")]
            parts = _split_key(inner)
            resolved: list[str | int] = []
            for k, part in enumerate(parts):
                resolved.append(part)
                key = tuple(resolved)
                # A table a dotted header creates by itself ([[events.options]] with no [[events]] before
                # it) starts on the first header that names it.
                lines.setdefault(key, number)
                if k == len(parts) - 1 and is_array:
                    lines.setdefault(key, number)  # the list itself is where its first entry starts
                    arrays[key] = arrays.get(key, 0) + 1
                    resolved.append(arrays[key] - 1)
                elif key in arrays:
                    resolved.append(arrays[key] - 1)
            current = tuple(resolved)
            lines.setdefault(current, number)
            continue
        eq = key_end(line)
        if eq < 0:
            continue
        path = current + tuple(_split_key(line[:eq]))
        for k in range(len(current) + 1, len(path) + 1):  # a dotted key (a.b = 1) makes its tables here too
            lines.setdefault(path[:k], number)
        value = line[eq + 1:].strip()
        for delim in ('"""', "'''"):
            if value.startswith(delim) and value.count(delim) == 1:
                in_string = delim
        if value.startswith("{"):
            for m in _INLINE_KEY.finditer(value):
                lines.setdefault(path + tuple(_split_key(m.group(1))), number)
        if value.startswith(("[", "{")):
            open_brackets = max(_bracket_balance(value), 0)
    return lines


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of the longest prefix of ``path`` that has one (1 when nothing matches)."""
    for k in range(len(path), 0, -1):
        found = lines.get(tuple(path[:k]))
        if found is not None:
            return found
    return 1
