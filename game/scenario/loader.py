"""Read a scenario file, report every problem with its place, and compile it into frozen engine data.

Problems are collected, not raised one at a time: file-level problems (missing, empty, binary, not UTF-8,
too large), TOML syntax, then every unknown key, wrong type, missing key, out-of-range value, bad expression
and unknown reference in one pydantic pass (with duplicate ids), then, once that pass is clean, checks that
need the whole file (content that can never be drawn or reached), then costs no budget can pay. A problem that
stops the later checks says which wait for it (``Problem.pending``, which `validate` prints after the count).
Each problem reads ``FILE:LINE: dotted.path: message``.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from game.engine import data as d
from game.engine import ranges
from game.engine.bounds import unaffordable
from game.engine.data import decision_id, option_id
from game.engine.expr import COUNTRY_VARS, Names, compile_effects, compile_expr
from game.errors import AmbassadorError
from game.files import FileRefused, capped, read_bytes, shown
from game.scenario import models as m
from game.scenario import syntax
from game.scenario.catalog import MAX_BYTES as MAX_BYTES
from game.scenario.locate import code_chars, key_lines, line_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


#: The list sections whose entries are named by an id (or a key/term), in file order.
_NAMED = {"difficulties": "id", "groups": "id", "countries": "id", "responses": "id", "cards": "id",
          "initiatives": "id", "rules": "id", "events": "id", "endings": "id", "policies": "id",
          "glossary": "term", "sources": "key"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a scenario file, where it is, and (in the message) how to fix it."""

    file: str
    line: int
    path: str
    message: str
    #: The file itself could not be read (missing, not a regular file, too large): exit code 2, not 1.
    unreadable: bool = field(default=False, compare=False)
    #: The checks that wait for this problem to be fixed (WHOLE or COSTS), for `validate` to say; "" for none.
    pending: str = field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        # One problem, one line, whatever the file held: control characters are shown escaped.
        return shown(f"{self.file}:{self.line}: {where}{self.message}", limit=2000)


class ScenarioError(AmbassadorError):
    """The scenario could not be loaded; ``problems`` says every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(capped([str(p) for p in self.problems], noun="more problems")))

    @property
    def unreadable(self) -> bool:
        """The file could not be read at all (the command exits 2, as for any unreadable file)."""
        return any(p.unreadable for p in self.problems)


#: What ``validate`` checks only once the keys, types, ids, expressions and references are right.
WHOLE = ("the scenario as a whole (the default response, sources, dates, whether every card, event and ending can "
         "happen, and costs no budget can pay)")
#: What it checks only once the scenario as a whole is right (game.engine.bounds reads the compiled scenario).
COSTS = "the costs no budget can pay"


def pending(problems: Iterable[Problem]) -> str:
    """What was not checked because of these problems ("" when every check ran)."""
    return next((p.pending for p in problems if p.pending), "")


def load(path: str | Path) -> d.Scenario:
    """Load and compile a scenario, or raise ScenarioError listing every problem."""
    scenario, problems = check(path)
    if scenario is None:
        raise ScenarioError(problems)
    return scenario


def check(path: str | Path) -> tuple[d.Scenario | None, list[Problem]]:
    """Validate a scenario file: the compiled scenario when it is clean, and the problems found. A file that
    cannot be read (missing, not a regular file, too large) gives one problem marked ``unreadable``."""
    name = str(path)
    try:
        raw = read_bytes(path, MAX_BYTES, "a scenario file", "name a .toml file")
    except FileRefused as exc:
        return None, [Problem(name, 1, "", exc.reason, unreadable=True)]
    return check_bytes(raw, name)


#: The scenarios checked last, by their bytes and the name their problems call the file (what the check
#: depends on, and all it depends on): a process that checks the same file again gets the same scenario and
#: problems without parsing and validating it again (a large scenario takes about 20 ms). The TUI's resume
#: finds the saved game's scenario among the files, then opens it; a session that plays another game opens it
#: again.
_CHECKED: dict[tuple[bytes, str], tuple[d.Scenario | None, tuple[Problem, ...]]] = {}
#: How many checks ``_CHECKED`` keeps (the oldest goes first): a scenario file is at most MAX_BYTES.
CHECKED_KEPT = 8


def check_bytes(raw: bytes, name: str) -> tuple[d.Scenario | None, list[Problem]]:
    """Validate a scenario given as bytes; ``name`` is what problems call the file. The same bytes and name
    checked again give the same scenario (the same object) and equal problems, from ``_CHECKED``."""
    key = (raw, name)
    found = _CHECKED.get(key)
    if found is None:
        scenario, problems = _check_bytes(raw, name)
        found = (scenario, tuple(problems))
        if len(_CHECKED) >= CHECKED_KEPT:
            del _CHECKED[next(iter(_CHECKED))]
        _CHECKED[key] = found
    return found[0], list(found[1])


def _check_bytes(raw: bytes, name: str) -> tuple[d.Scenario | None, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [Problem(name, 1, "", f"the file is {len(raw):,} bytes; a scenario may be at most "
                                           f"{MAX_BYTES:,} bytes (1 MiB)")]
    utf16 = _utf16(raw)
    if utf16:
        return None, [Problem(name, 1, "", f"the file is saved as {utf16} text, not UTF-8: save it again with the "
                                           "UTF-8 encoding (in Notepad: File, Save as, Encoding: UTF-8)")]
    if b"\x00" in raw:
        return None, [Problem(name, raw[:raw.index(b"\x00")].count(b"\n") + 1, "",
                              "the file contains NUL bytes, so it is a binary file, not TOML text; check that "
                              "this is the scenario file you meant")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [_encoding_problem(name, raw, exc.start)]
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return None, [Problem(name, 1, "", f"the file is empty; {_START_HINT}")]
    if all(ln.strip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        return None, [Problem(name, 1, "", f"the file holds only comments; {_START_HINT}")]
    overlong = _overlong_key(text)
    if overlong is not None:
        line, parts = overlong
        return None, [Problem(name, line, "", f"this key has {parts:,} parts separated by dots; a key in a "
                                              f"scenario has at most {MAX_KEY_PARTS} (was a line pasted by "
                                              "mistake?)")]
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [_toml_problem(name, exc, text)]
    except RecursionError:
        return None, [_too_deep(name, text)]
    except ValueError:  # Python's limit on the digits of a whole number (4,300 by default)
        found = re.search(r"[0-9_]{1000,}", text)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        return None, [Problem(name, line, "", "this number has thousands of digits; the numbers in a scenario "
                                              "are small (check for a line pasted by mistake)")]
    try:
        return _check_document(doc, text, name, hashlib.sha256(raw).hexdigest())
    except RecursionError:
        return None, [_too_deep(name, text)]


#: Parts of one dotted key (``a.b.c`` has 3). The TOML parser's time grows with the square of a key's parts,
#: so a key of 200,000 parts would take minutes; no scenario key has more than a few.
MAX_KEY_PARTS = 32
#: Lists and tables nested deeper than this are refused: the parser and the checks recurse once per level.
MAX_DEPTH = 50


def _overlong_key(text: str) -> tuple[int, int] | None:
    """The line and part count of the first key (``a.b.c =`` or ``[a.b.c]``) with more than MAX_KEY_PARTS
    parts, found in one pass without parsing (so that the parser never sees it)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count(".") < MAX_KEY_PARTS:
            continue
        dots = 0
        quote = ""
        for ch in line:
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == ".":
                dots += 1
            elif ch in "=]":
                if dots >= MAX_KEY_PARTS:
                    return number, dots + 1
                dots = 0
            elif not (ch.isalnum() or ch in "_- \t"):
                dots = 0
    return None


def _too_deep(name: str, text: str) -> Problem:
    """Nesting too deep for the parser: said at the first line where lists or tables are MAX_DEPTH deep."""
    depth = 0
    found = 1
    for number, raw in enumerate(text.splitlines(), start=1):
        for _, ch in code_chars(raw):
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
            if depth > MAX_DEPTH:
                break
        if depth > MAX_DEPTH:
            found = number
            break
    return Problem(name, found, "", f"lists or tables are nested too deeply here (more than {MAX_DEPTH} levels "
                                    "of [ ] or { }); a scenario needs only a few: check for unclosed brackets")


def _utf16(raw: bytes) -> str:
    """"UTF-16" or "UTF-32" when the bytes are text in that encoding (with or without its byte order mark),
    else ""."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:400]
    for first in (0, 1):  # big-endian ASCII has its NULs first, little-endian second
        nuls, chars = head[first::2], head[1 - first::2]
        if len(head) >= 4 and not nuls.strip(b"\x00") and b"\x00" not in chars:
            return "UTF-16"
    return ""


_START_HINT = ("a scenario needs at least [scenario], [resources], [[groups]], [[countries]], [[responses]], "
               "[[cards]] and [[endings]]: start from a copy of the tutorial (scenarios/tutorial.toml)")


def _encoding_problem(name: str, raw: bytes, start: int) -> Problem:
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw[:start].count(b"\n") + 1
    column = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    byte = raw[start]
    guess = ""
    if byte >= 0xA0:
        guess = f" (in Latin-1 or Windows-1252 it would be {bytes([byte]).decode('cp1252', errors='replace')!r})"
    return Problem(name, line, "", f"the file is not UTF-8 text: byte 0x{byte:02x} at column {column}{guess} "
                                   "is not valid UTF-8; save the file with the UTF-8 encoding")


def _toml_problem(name: str, exc: Exception, text: str) -> Problem:
    found = syntax.explain(str(exc), text)
    where = f" at column {found.column}" if found.column else ""
    return Problem(name, found.line, "", f"TOML syntax error{where}: {found.message}; {syntax.HIDDEN}")


# --- the whole document ------------------------------------------------------------------------------------

def _ids(doc: dict[str, Any], section: str) -> list[str]:
    items = doc.get(section)
    key = _NAMED[section]
    if not isinstance(items, list):
        return []
    return [it[key] for it in items if isinstance(it, dict) and isinstance(it.get(key), str)]


def _check_document(doc: dict[str, Any], text: str, name: str, sha: str) -> tuple[d.Scenario | None,
                                                                                  list[Problem]]:
    lines = key_lines(text)
    problems: list[Problem] = []

    def where(loc: Sequence[str | int]) -> tuple[int, str]:
        return line_of(lines, tuple(loc)), _display_path(doc, loc)

    # Duplicate ids, reported at the second occurrence.
    for section, key in _NAMED.items():
        seen: dict[str, int] = {}
        items = doc.get(section)
        if not isinstance(items, list):
            continue
        for k, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get(key), str):
                continue
            ident = item[key]
            if ident in seen:
                line, path = where((section, k, key))
                first = line_of(lines, (section, seen[ident], key))
                problems.append(Problem(name, line, path, f"duplicate {key} {ident!r} (first used on line "
                                                          f"{first}); give each entry its own {key}"))
            else:
                seen[ident] = k

    # Text that would drive the terminal it is shown on: TOML writes any character as \u001b.
    for loc, value in _texts(doc):
        bad = _CONTROL.search(value)
        if bad is not None:
            line, path = where(loc)
            problems.append(Problem(name, line, path, f"the text holds the control character {shown(bad[0])}, "
                                                      "which would drive the screen it is shown on; delete it"))

    context: dict[str, Any] = {section: _ids(doc, section) for section in _NAMED}
    context["shown"] = _shown_names(doc)
    info = doc.get("scenario")
    if isinstance(info, dict):
        context["calendar"] = ranges.Calendar.of(info.get("start"), info.get("turns"))
    try:
        model = m.ScenarioFile.model_validate(doc, context=context)
    except ValidationError as exc:
        problems.extend(_pydantic_problems(name, doc, lines, exc.errors(include_url=False)))
        return None, _waiting(problems, WHOLE)
    problems.extend(_semantic_problems(model, doc, name, lines))
    if problems:
        return None, _waiting(problems, COSTS)
    scenario = _compile(model, lines, name, sha)
    problems.extend(_budget_problems(scenario, doc, name, lines))
    if problems:
        return None, _sorted(problems)
    return scenario, []


#: A control character that text may not hold (C0 but tab and line breaks, DEL, C1).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _texts(value: Any, loc: tuple[str | int, ...] = ()) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """Every text of a TOML document, with where it is."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for k, item in enumerate(value):
            yield from _texts(item, (*loc, k))


def _budget_problems(sc: d.Scenario, doc: dict[str, Any], name: str, lines: dict[Any, int]) -> list[Problem]:
    """Responses and initiatives that no plan can pay for (game.engine.bounds): known only once compiled."""
    out: list[Problem] = []
    for u in unaffordable(sc):
        k = next(i for i, item in enumerate(getattr(sc, u.kind)) if item.id == u.id)
        loc: tuple[str | int, ...] = (u.kind, k, u.resource)
        event = next((ev for ev in sc.events if ev.decision and u.id in sc.card(ev.decision).responses), None)
        if event is not None:  # a decision's option
            loc = ("events", sc.events.index(event), "options", sc.card(event.decision).responses.index(u.id),
                   u.resource)
        holds = ("a month never holds more than {c:g} capital (the allowance, what is carried over and the "
                 "month's dated events)" if u.resource == "capital" else
                 "a game never holds more than {c:g} economy (the budget and what events add)").format(c=u.ceiling)
        out.append(Problem(name, line_of(lines, loc), _display_path(doc, loc),
                           f"this costs {u.cost:g} {u.resource}, but {holds}, so it can never be paid for; "
                           f"lower the cost to {u.ceiling:g} or less, or raise resources.{u.resource}"))
    return out


def _waiting(problems: Iterable[Problem], checks: str) -> list[Problem]:
    """The problems, sorted, each saying which checks wait for it."""
    return [replace(p, pending=checks) for p in _sorted(problems)]


def _sorted(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.line, p.path, p.message))


def _display_path(doc: Any, loc: Sequence[str | int]) -> str:
    """countries.poland.weight for entries with an id; [n] (counting from 1) for entries without."""
    parts: list[str] = []
    node: Any = doc
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            label = None
            if isinstance(item, dict):
                for key in ("id", "key", "term"):
                    if isinstance(item.get(key), str) and re.fullmatch(r"[A-Za-z0-9_-]+", item[key]):
                        label = item[key]
                        break
            if label is not None:
                parts.append(label)
            else:
                parts[-1:] = [f"{parts[-1] if parts else ''}[{part + 1}]"]
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts)


_KINDS = {str: "text", bool: "true or false", int: "a whole number", float: "a number", list: "a list",
          dict: "a table"}
_EXPECTED = {"int_type": "a whole number", "int_from_float": "a whole number", "float_type": "a number",
             "string_type": "text in quotes", "bool_type": "true or false", "list_type": "a list [ ... ]",
             "dict_type": "a table", "model_type": "a table", "model_attributes_type": "a table"}


def _found(value: Any) -> str:
    if isinstance(value, (datetime.date, datetime.time)):
        what = "date and time" if isinstance(value, datetime.datetime) else "date" \
            if isinstance(value, datetime.date) else "time"
        return f"the {what} {_iso(value)} without quotes"
    if isinstance(value, str):
        shown = json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
        return f"text {shown}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    kind = next((label for t, label in _KINDS.items() if type(value) is t), type(value).__name__)
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{kind} {shown}"


def _iso(value: datetime.date | datetime.time) -> str:
    """A TOML date or time as the author wrote it (never Python's ``datetime.date(1966, 3, 7)``)."""
    return value.isoformat().replace("+00:00", "Z")


def _field_at(loc: Sequence[str | int]) -> Any:
    """The pydantic FieldInfo for a location (None when the location is not a model field)."""
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return None
    parent = _model_at(tuple(loc)[:max(k for k, part in enumerate(loc) if isinstance(part, str))])
    return parent.model_fields.get(names[-1]) if parent is not None else None


def _type_hint(kind: str, value: Any, loc: Sequence[str | int]) -> str:
    """How to write the value the way the format wants it, when the mistake is a familiar one."""
    if kind in ("int_type", "float_type") and isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return ""
        return "; remove the quotes"
    if kind == "int_from_float" or (kind == "int_type" and isinstance(value, float)):
        return "; write it without a decimal point"
    if kind == "bool_type" and isinstance(value, str):
        return "; write true or false without quotes"
    if kind == "string_type" and isinstance(value, (datetime.date, datetime.time)):
        shown = _iso(value)[:10] if isinstance(value, datetime.date) else _iso(value)
        return f"; put it in double quotes: \"{shown}\""
    if kind == "string_type" and isinstance(value, bool):  # when = true: a condition is text
        return f"; put it in quotes: \"{str(value).lower()}\""
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"; put it in quotes: \"{value}\""
    if kind == "string_type" and isinstance(value, list):
        if loc and loc[-1] == "effects" and value and all(isinstance(v, str) for v in value):
            joined = "; ".join(v.strip().rstrip(";") for v in value)
            return f"; write the effects as one text, with ; between them: {json.dumps(joined, ensure_ascii=False)}"
        return "; write it as one text in quotes"
    if kind == "list_type" and isinstance(value, str):
        return f"; put it in brackets: [\"{value}\"]"
    if kind == "list_type" and isinstance(value, dict) and len(loc) == 1:
        return f"; each entry starts with [[{loc[0]}]] (double brackets)"
    if kind in ("model_type", "dict_type") and isinstance(value, list) and len(loc) == 1:
        return f"; write the header as [{loc[0]}] (single brackets)"
    return ""


def _ids_as_tables(doc: dict[str, Any], kind: str, value: Any,
                   loc: Sequence[str | int]) -> tuple[str, str] | None:
    """A list of ids written as tables, [[cards.responses]] or [cards.responses] (as [[events.options]] is
    written): the path and the message that says the list names entries defined once at the top level."""
    if not isinstance(value, dict) or kind not in ("string_type", "list_type"):
        return None
    item = kind == "string_type"
    field_loc = tuple(loc[:-1]) if item and isinstance(loc[-1], int) else tuple(loc)
    info = _field_at(field_loc)
    if info is None or get_origin(info.annotation) is not list:
        return None
    target = m.REF_KINDS.get(get_args(info.annotation)[0])
    if target is None:
        return None
    names = [str(part) for part in field_loc if isinstance(part, str)]
    field_name = names[-1]
    header = f"[[{'.'.join(names)}]]" if item else f"[{'.'.join(names)}]"
    entry = _singular(names[-2]) if len(names) > 1 else "file"
    noun = "key" if target == "sources" else "id"
    one = _singular(target)
    ids = [i for i in _ids(doc, target) if isinstance(i, str)][:2] or ["a", "b"]
    example = ", ".join(f'"{i}"' for i in ids)
    path = _display_path(doc, field_loc) + (f"[{int(loc[-1]) + 1}]" if item else "")
    expected = f"a {one} {noun}" if item else f"a list of {one} {noun}s"
    return path, (f"expected {expected}, found a table: {header} starts a table inside the {entry}, but "
                  f"{_article(entry)} {entry}'s {field_name} is a list of {one} {noun}s in quotes, as in "
                  f"{field_name} = [{example}]; write each {one} once in its own [[{target}]] table, and list its "
                  f"{noun} here")


def _singular(section: str) -> str:
    """"card" for "cards", "policy" for "policies" (the entries of the format's lists)."""
    return section[:-3] + "y" if section.endswith("ies") else section.removesuffix("s")


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _model_at(loc: Sequence[str | int]) -> type[BaseModel] | None:
    model: type[BaseModel] = m.ScenarioFile
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        ann = info.annotation
        if get_origin(ann) is list:
            ann = get_args(ann)[0]
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            model = ann
        else:
            return None
    return model


def _inner_home(key: str) -> str:
    """The top-level list or table that holds a list named ``key`` (``options``: ``events``), or ""."""
    for name in m.ScenarioFile.model_fields:
        inner = _model_at((name,))
        if inner is not None and key in inner.model_fields and _model_at((name, key)) is not None:
            return name
    return ""


#: The tables (one each, not lists of entries) whose keys an author may write outside them.
_TABLES = ("scenario", "resources", "words", "debrief")


def _table_home(key: str, loc: Sequence[str | int]) -> str:
    """The table a key written at the top of the file, or in another table, belongs in ("" for none): keys
    above their header, or under the header of the table before, are read as part of that one."""
    if len(loc) > 2 or (len(loc) == 2 and loc[0] not in _TABLES):
        return ""
    for table in _TABLES:
        model = _model_at((table,))
        if table != loc[0] and model is not None and key in model.model_fields:
            return table
    return ""


def _close_key(err: Any) -> str | None:
    """For an unknown key, the allowed key it is most probably a misspelling of."""
    loc = tuple(err["loc"])
    parent = _model_at(loc[:-1])
    if parent is None:
        return None
    key = str(loc[-1])
    known = list(parent.model_fields)
    lowered = {k.lower(): k for k in known}
    if key.lower() in lowered:
        return lowered[key.lower()]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _pydantic_problems(name: str, doc: dict[str, Any], lines: dict[Any, int],
                       errors: Sequence[Any]) -> list[Problem]:
    """Every pydantic error as a Problem; a misspelt required key is one problem, not 'unknown' + 'missing'."""
    # A hostile file can hold 100,000 mistakes: the first _DETAILED get the full treatment (suggestions,
    # hints); the rest are counted, at their line, in pydantic's words (they are past what is printed).
    detailed, rest = errors[:_DETAILED], errors[_DETAILED:]
    close = {k: _close_key(err) for k, err in enumerate(detailed) if err["type"] == "extra_forbidden"}
    misspelt = {(*tuple(detailed[k]["loc"])[:-1], key) for k, key in close.items() if key is not None}
    missing = {tuple(err["loc"]) for err in detailed if err["type"] == "missing"}
    out: list[Problem] = []
    for k, err in enumerate(detailed):
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc in misspelt:
            continue
        required = k in close and (*loc[:-1], close[k]) in missing
        out.append(_pydantic_problem(name, doc, lines, err, required))
    out.extend(Problem(name, line_of(lines, tuple(err["loc"])), ".".join(str(part) for part in err["loc"]),
                       str(err["msg"])) for err in rest)
    return out


#: Pydantic errors explained in full; more than this many are only counted and located (10 times what
#: ``ambassador validate`` prints of one file).
_DETAILED = 1000


def _pydantic_problem(name: str, doc: dict[str, Any], lines: dict[Any, int], err: Any,
                      required: bool = False) -> Problem:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    kind: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    line, path = line_of(lines, loc), _display_path(doc, loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _model_at(loc[:-1])
        known = list(parent.model_fields) if parent else []
        close = _close_key(err)
        home = _inner_home(key) if len(loc) == 1 else ""
        table = _table_home(key, loc)
        if table and len(loc) == 1:
            hint = (f": it belongs in the [{table}] table; move it below the [{table}] header" if table in doc else
                    f": it belongs in the [{table}] table, and the file has no [{table}] header: write [{table}] "
                    "on a line of its own above these keys")
        elif table:
            hint = (f": it belongs in the [{table}] table, but it comes after the [{loc[0]}] header, so TOML reads "
                    f"it as part of [{loc[0]}]: move it below the [{table}] header")
        elif home:
            entry = f"[[{home}]] entry" if get_origin(m.ScenarioFile.model_fields[home].annotation) is list \
                else f"[{home}] table"
            hint = (f": {key!r} is a list inside {home}: write its header [[{home}.{key}]], below the {entry} "
                    "it belongs to")
        elif close is not None:
            hint = f"; did you mean {close!r}?" + (f" ({close} is required here)" if required else "")
        elif len(loc) > 1 and key in m.ScenarioFile.model_fields:
            hint = (f": {key!r} belongs at the top of the file, but TOML puts every key written after a "
                    f"[table] header into that table; move it above the first header, or write it as a "
                    f"[{key}] table")
        else:
            hint = f" (allowed here: {', '.join(known)})" if known else ""
        return Problem(name, line, path, f"unknown key {key!r}{hint}")
    if kind == "missing":
        key = str(loc[-1])
        if len(loc) == 1:
            info = m.ScenarioFile.model_fields.get(key)
            header = f"[[{key}]]" if info is not None and get_origin(info.annotation) is list else f"[{key}]"
            return Problem(name, line, key, f"the file has no {header} table; it is required")
        info = _field_at(loc)
        about = f" ({info.description.rstrip('.')})" if info is not None and info.description else ""
        return Problem(name, line, _display_path(doc, loc[:-1]) or key,
                       f"required key {key!r} is missing{about}")
    tables = _ids_as_tables(doc, kind, value, loc)
    if tables is not None:
        return Problem(name, line, tables[0], tables[1])
    if kind in _EXPECTED:
        return Problem(name, line, path, f"expected {_EXPECTED[kind]}, found {_found(value)}"
                                         f"{_type_hint(kind, value, loc)}")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return Problem(name, line, path, _range_message(kind, value, ctx, loc))
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == m.ID_PATTERN:
            return Problem(name, line, path, f"{value!r} is not a valid id: use lowercase letters, digits and "
                                             "underscores, starting with a letter (for example "
                                             f"{_suggest_id(value)!r})")
        if "\\d{4}" in pattern and "(-(0[1-9]" not in pattern:
            near = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", str(value))
            fix = f"{near[1]}-{int(near[2]):02d}" if near and 1 <= int(near[2]) <= 12 else "1980-05"
            return Problem(name, line, path, f"{value!r} is not a month: write YYYY-MM, the month without a "
                                             f"day, for example \"{fix}\"")
        if "\\d{4}" in pattern:
            return Problem(name, line, path, f"{value!r} is not a date: write YYYY-MM or YYYY-MM-DD, for "
                                             "example \"1980-05\"")
        if pattern.startswith("^[A-Za-z0-9_-]"):
            return Problem(name, line, path, f"{value!r} is not a valid key: use up to 20 letters, digits, _ "
                                             "and -, for example \"DOC\"")
        return Problem(name, line, path, f"{value!r} does not have the required form")
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", '"')
        return Problem(name, line, path, f"{_found(value)} is not allowed here: write {expected}")
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, str):
            return Problem(name, line, path, "the text is empty; write something here")
        return Problem(name, line, path, f"the list is empty; it needs at least {ctx.get('min_length', 1)} "
                                         "entry")
    if kind in ("too_long", "string_too_long"):
        limit = ctx.get("max_length", 0)
        size = len(value) if isinstance(value, (str, list)) else 0
        unit = "characters" if isinstance(value, str) else "entries"
        return Problem(name, line, path, f"too long: {size:,} {unit}, and at most {limit:,} are allowed")
    return Problem(name, line, path, str(err["msg"]))


def _range_message(kind: str, value: Any, ctx: dict[str, Any], loc: Sequence[str | int]) -> str:
    info = _field_at(loc)
    low = high = None
    for meta in getattr(info, "metadata", []) if info is not None else []:
        low = getattr(meta, "ge", getattr(meta, "gt", low))
        high = getattr(meta, "le", getattr(meta, "lt", high))
    if low is None or high is None:
        inner = _DICT_VALUE_BOUNDS.get(str(loc[-2]) if len(loc) > 1 else "")
        if inner is not None:
            low, high = inner
    shown = f"{value:g}" if isinstance(value, (int, float)) else repr(value)
    if low is not None and high is not None:
        bounds = "more than" if kind == "greater_than" else "from"
        rng = f"{bounds} {_bound(low)} to {_bound(high)}"
        if high == 1 and isinstance(value, (int, float)) and 1 < value <= 100:
            rng += f" (a share: write {value / 100:g} for {shown}%)"
        return f"{shown} is out of range: it must be {rng}"
    bound = next(iter(ctx.values()))
    bound = f"{bound:g}" if isinstance(bound, (int, float)) else bound
    words = {"greater_than_equal": "at least", "less_than_equal": "at most",
             "greater_than": "more than", "less_than": "less than"}[kind]
    return f"{shown} is out of range: it must be {words} {bound}"


def _bound(x: float) -> str:
    """A range's end as the format reference writes it: a whole number in full (9,223,372,036,854,775,807,
    not 9.22337e+18)."""
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


#: Bounds of values inside tables whose keys the author chooses (``block = { vigilance = 0.9 }``).
_DICT_VALUE_BOUNDS = {"block": (0.0, 1.0)}


def _suggest_id(value: Any) -> str:
    text = re.sub(r"[^a-z0-9_]+", "_", str(value).lower()).strip("_")
    return text if re.fullmatch(m.ID_PATTERN, text or "-") else "my_id"


# --- checks that need the whole, valid file ----------------------------------------------------------------

def _month_number(text: str) -> int:
    year, month = int(text[:4]), int(text[5:7])
    return year * 12 + month - 1


def _windowed(card: m.Card, start: str, turns: int) -> str:
    """A card's condition with its months (first_month, last_month) folded in as a condition on the turn, so
    that every path draws it by the one rule for conditions."""
    first = _month_number(start)
    parts = []
    if card.first_month and _month_number(card.first_month) > first:
        parts.append(f"turn >= {_month_number(card.first_month) - first + 1}")
    if card.last_month and _month_number(card.last_month) < first + turns - 1:
        parts.append(f"turn <= {_month_number(card.last_month) - first + 1}")
    if card.when.strip():
        parts.append(f"({card.when})" if parts else card.when)
    return " and ".join(parts)


def _shown_names(doc: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    """(name, value, word) for each value the screens show under another word, as an author would write that
    word in an expression: ("belgrade_ties", "china_ties", "Belgrade ties") once [words] rival is "Belgrade".
    Empty when [words] or [scenario] cohesion is not right (their own problems are reported)."""
    raw, info = doc.get("words", {}), doc.get("scenario")
    cohesion = info.get("cohesion", "alignment") if isinstance(info, dict) else "alignment"
    try:
        words = _words_of(m.Words.model_validate(raw), cohesion if isinstance(cohesion, str) else "alignment")
    except ValidationError:
        return ()
    pairs = [*zip(words.values, COUNTRY_VARS, strict=True), (words.aggregate, "cohesion"),
             (words.aggregate_short, "cohesion"), (words.capital, "capital"), (words.capital_short, "capital"),
             (words.economy, "economy"), (words.economy_short, "economy"), (words.climate, "climate")]
    out: dict[str, tuple[str, str, str]] = {}
    for word, value in pairs:
        name = re.sub(r"[^a-z0-9]+", "_", word.lower()).strip("_")
        if name and name != value and name not in out:
            out[name] = (name, value, word)
    return tuple(out.values())


def _words(model: m.ScenarioFile) -> d.Words:
    """The scenario's [words], each left out following the words it is made from (m.Words documents how),
    and the main scenario's wording where nothing it depends on was set."""
    return _words_of(model.words, model.scenario.cohesion)


def _words_of(w: m.Words, cohesion: str) -> d.Words:
    """The words of ``_words`` from the [words] table and [scenario] cohesion alone."""
    given = w.model_fields_set
    base = d.DEFAULT_WORDS

    def pick(key: str, made: str, *sources: str) -> str:
        # A word not given has its default in the model; it is made from others once one of them is given.
        return made if key not in given and any(k in given for k in sources) else str(getattr(w, key))

    def first(word: str) -> str:
        return d.label(word).split()[0][:6] if word.split() else word[:6]

    names = [w.alignment, pick("china_ties", f"{w.rival} ties", "rival"), w.resentment, w.stability]
    shorts = [pick("alignment_short", first(names[0]), "alignment"),
              pick("china_ties_short", first(names[1]), "china_ties", "rival"),
              pick("resentment_short", first(names[2]), "resentment"),
              pick("stability_short", first(names[3]), "stability")]
    cohesion = cohesion.strip()
    of = names[0] if cohesion == "alignment" else cohesion
    text = w.aggregate_text if "aggregate_text" in given else \
        base.aggregate_text if cohesion == "alignment" and "alignment" not in given else \
        f"the weighted average of {of} at every post"
    return d.Words(
        rival=w.rival, rival_adjective=pick("rival_adjective", w.rival, "rival"),
        rival_capital=pick("rival_capital", w.rival, "rival"),
        countries=pick("countries", "the countries you watch over", "rival"),
        moves=pick("moves", "moves", "rival"), aggregate=w.aggregate,
        aggregate_short=pick("aggregate_short", w.aggregate.split()[-1], "aggregate"),
        aggregate_phrase=pick("aggregate_phrase", f"the {w.aggregate}", "aggregate"), aggregate_text=text,
        reference=w.reference, afterwards=pick("afterwards", f"relations with {w.rival} afterwards", "rival"),
        values=(names[0], names[1], names[2], names[3]),
        values_short=(shorts[0], shorts[1], shorts[2], shorts[3]), capital=w.capital,
        capital_short=pick("capital_short", w.capital.split()[-1], "capital"), economy=w.economy,
        economy_short=pick("economy_short", w.economy.split()[0], "economy"), climate=w.climate)


def _card_countries(card: m.Card, model: m.ScenarioFile) -> list[int]:
    return [k for k, c in enumerate(model.countries) if c.group in card.groups or c.id in card.countries]


def _scoped_countries(groups: list[str], countries: list[str], model: m.ScenarioFile,
                      only_acting: bool = False) -> list[int]:
    if not groups and not countries:
        return [k for k, c in enumerate(model.countries) if c.acts or not only_acting]
    return [k for k, c in enumerate(model.countries) if c.group in groups or c.id in countries]


def _decision_problems(model: m.ScenarioFile, k: int, ev: m.Event,
                       add: Callable[[Sequence[str | int], str], None]) -> None:
    """What a decision event (one with options) needs: a date, posts where the player acts, two options or
    more with ids of their own, and one option that applies when it is left unanswered, costing nothing."""
    if not ev.date:
        add(("events", k, "options"), "a decision is put to the player at the opening of a month, so it needs a "
                                      "date; a conditional event is checked after the month's answers")
    if ev.scope != "country":
        add(("events", k, "scope"), "a decision is taken at a post: set scope = \"country\" and the countries "
                                    "(or groups) where it is put to the player")
    else:
        for ci in _scoped_countries(ev.groups, ev.countries, model):
            country = model.countries[ci]
            if country.acts:
                continue
            why = f"the player does not act at {country.id} (acts = false), so the decision could never be " \
                  "answered there"
            if country.id in ev.countries:
                add(("events", k, "countries"), f"{why}; name only posts where the player acts")
            elif ev.groups:
                add(("events", k, "groups"), f"group {country.group!r} holds {country.id}, and {why}; name the "
                                             "posts in countries = [...] instead, only those where the player "
                                             "acts")
            else:
                add(("events", k, "countries"), f"with no countries or groups the decision is put at every "
                                                f"country, and {why}; name the posts in countries = [...]")
    if len(ev.options) < 2:
        add(("events", k, "options"), "a decision needs two options at least (one of them what happens when "
                                      "the player does nothing)")
    seen: set[str] = set()
    for j, opt in enumerate(ev.options):
        if opt.id in seen:
            add(("events", k, "options", j, "id"), f"two options are called {opt.id!r}; give each its own id")
        seen.add(opt.id)
    marked = [j for j, opt in enumerate(ev.options) if opt.default]
    for j in marked[1:]:
        add(("events", k, "options", j, "default"), "only one option can apply when the decision is left "
                                                    "unanswered; remove default = true from all but one")
    j = marked[0] if marked else 0
    opt = ev.options[j]
    for what in ("capital", "economy"):
        if getattr(opt, what):
            add(("events", k, "options", j, what), f"{opt.id!r} applies when the decision is left unanswered "
                                                   "(default = true, or the first option), so it must cost "
                                                   "nothing; make it free, or mark a free option default = true")


def _semantic_problems(model: m.ScenarioFile, doc: dict[str, Any], name: str,
                       lines: dict[Any, int]) -> list[Problem]:
    out: list[Problem] = []

    def add(loc: Sequence[str | int], message: str) -> None:
        out.append(Problem(name, line_of(lines, tuple(loc)), _display_path(doc, loc), message))

    names_country = Names(tuple(c.id for c in model.countries), True)
    names_global = Names(tuple(c.id for c in model.countries), False)
    info = model.scenario
    first = _month_number(info.start)
    last = first + info.turns - 1
    source_keys = {s.key for s in model.sources}
    calendar = ranges.Calendar.of(info.start, info.turns)

    defaults = [k for k, r in enumerate(model.responses) if r.default]
    if not defaults:
        add(("responses",), "no response has default = true; mark the 'do nothing' response as the default, "
                            "which unanswered cards receive")
    for k in defaults[1:]:
        add(("responses", k, "default"), f"only one response may be the default, and "
                                         f"{model.responses[defaults[0]].id!r} already is; remove this "
                                         "default = true")
    for k in defaults:
        r = model.responses[k]
        if r.capital or r.economy:
            add(("responses", k, "capital" if r.capital else "economy"),
                "the default response is what unanswered cards get, so it must cost nothing")

    if not any(c.acts for c in model.countries):
        add(("countries",), "the player acts nowhere: set acts = true on at least one country")
    if not any(c.weight > 0 for c in model.countries):
        add(("countries",), f"every weight is 0, so {_words(model).aggregate} is undefined: give a country a "
                            "weight above 0")

    for section in ("groups", "responses", "cards", "initiatives"):
        for k, item in enumerate(getattr(model, section)):
            if item.source and item.directive:
                add((section, k, "directive"), "both source and directive are given; directive is the old "
                                               "spelling of source: keep one of them")

    used_groups = {c.group for c in model.countries}
    for k, g in enumerate(model.groups):
        if g.id not in used_groups:
            add(("groups", k, "id"), f"no country is in group {g.id!r}, so it never plays; put a country "
                                     "in it or remove it")

    allowed_anywhere: set[str] = set()
    for k, card in enumerate(model.cards):
        targets = _card_countries(card, model)
        if not card.groups and not card.countries:
            add(("cards", k, "groups"), "the card names no groups and no countries, so it can never be "
                                        "drawn; add groups = [\"...\"]")
        elif not targets:
            add(("cards", k, "groups"), "no country is in these groups or countries, so the card can never "
                                        "be drawn")
        weight = ranges.span(card.weight, names_country, calendar) if card.weight.strip() else None
        if weight is not None and weight.high <= 0:
            always = f"always {weight.high:g}" if weight.low == weight.high else \
                f"never above 0 (from {weight.low:g} to {weight.high:g})"
            add(("cards", k, "weight"), f"the weight is {always}, so the card can never be drawn; use a number "
                                        "above 0, or an expression that can be")
        if card.first_month and card.last_month and card.first_month > card.last_month:
            add(("cards", k, "last_month"), f"the card's last month ({card.last_month}) is before its first "
                                            f"({card.first_month}), so it can never be drawn; swap them")
        elif card.first_month and _month_number(card.first_month) > last:
            add(("cards", k, "first_month"), f"{card.first_month} is after the scenario's last month "
                                             f"({last // 12}-{last % 12 + 1:02d}), so the card can never be "
                                             "drawn; use a month of the game")
        elif card.last_month and _month_number(card.last_month) < first:
            add(("cards", k, "last_month"), f"{card.last_month} is before the scenario starts ({info.start}), "
                                            "so the card can never be drawn; use a month of the game")
        if card.when.strip() and ranges.span(card.when, names_country, calendar).never_true:
            add(("cards", k, "when"), "the condition is never true, so the card can never be drawn; change "
                                      "the condition or remove the card")
        allowed = set(card.responses) or {r.id for r in model.responses}
        allowed_anywhere |= allowed
        for key in card.block:
            if card.responses and key not in card.responses:
                add(("cards", k, "block", key), f"response {key!r} is not allowed on this card, so its "
                                                "block share is never used; add it to responses")
        for key in card.sources:
            if key not in source_keys and "sources" not in card.model_fields_set:
                yours = f" (yours: {', '.join(sorted(source_keys))})" if source_keys else ""
                add(("cards", k, "sources"), f"the card has no sources = [...] line, so it cites {key!r}, the "
                                             f"default, and no [[sources]] entry has that key; name the card's "
                                             f"sources{yours}, or add a [[sources]] entry with key = {key!r}")
            elif key not in source_keys:
                add(("cards", k, "sources"), f"unknown source {key!r}; add a [[sources]] entry with "
                                             f"key = {key!r}")
    for k, r in enumerate(model.responses):
        if not r.default and r.id not in allowed_anywhere:
            add(("responses", k, "id"), "no card allows this response, so it can never be chosen; add it to "
                                        "the responses list of a card (a card without a list allows every "
                                        "response)")

    for k, ini in enumerate(model.initiatives):
        if not _scoped_countries(ini.groups, ini.countries, model, only_acting=True):
            add(("initiatives", k, "groups"), "the initiative reaches no country")

    for k, ev in enumerate(model.events):
        if ev.historical and not ev.sources:
            add(("events", k, "sources"), "a historical event must name its sources (or set "
                                          "historical = false for a game mechanic)")
        if ev.date:
            month = _month_number(ev.date)
            if not first <= month <= last:
                add(("events", k, "date"), f"{ev.date} is outside the scenario ({info.start} to "
                                           f"{last // 12}-{last % 12 + 1:02d}), so the event can never fire; "
                                           "check the date, or the scenario's start and turns")
        if ev.scope == "global" and (ev.groups or ev.countries):
            add(("events", k, "scope"), "groups and countries only apply with scope = \"country\"")
        if ev.when.strip():
            cond = ranges.span(ev.when, names_country if ev.scope == "country" else names_global, calendar)
            if cond.never_true:
                add(("events", k, "when"), "the condition is never true, so the event can never fire; "
                                          "change the condition or remove the event")
        elif not ev.date:
            add(("events", k, "when"), "a conditional event needs a condition (when = \"...\"), or give it "
                                       "a date")
        if ev.scope == "country" and not _scoped_countries(ev.groups, ev.countries, model):
            add(("events", k, "groups"), "the event concerns no country")
        if ev.options:
            _decision_problems(model, k, ev, add)

    for k, ch in enumerate(model.changes):
        if not (ch.leader or ch.party or ch.history):
            add(("changes", k), "the change changes nothing: give a new leader, party or history")
        month = _month_number(ch.date)
        if not first <= month <= last:
            add(("changes", k, "date"), f"{ch.date} is outside the scenario ({info.start} to "
                                        f"{last // 12}-{last % 12 + 1:02d}), so the change is never shown; check "
                                        "the date")
        for key in ch.sources:
            if key not in source_keys:
                add(("changes", k, "sources"), f"unknown source {key!r}; add a [[sources]] entry with "
                                               f"key = {key!r}")
        if not ch.sources:
            add(("changes", k, "sources"), "a change of leader or text is a fact: name its sources")

    for k, rule in enumerate(model.rules):
        if rule.scope == "global" and (rule.groups or rule.countries):
            add(("rules", k, "scope"), "groups and countries only apply with scope = \"country\"")

    # The endings that can hide the ones after them: (index, condition's span) of each earlier ending with a
    # condition that can hold.
    earlier: list[tuple[int, ranges.Span]] = []
    for k, ending in enumerate(model.endings):
        is_last = k == len(model.endings) - 1
        if not ending.when.strip() and not is_last:
            add(("endings", k, "when"), "this ending has no condition, so the endings after it can never "
                                        "be reached; give it a condition or move it last")
        if ending.when.strip():
            cond = ranges.span(ending.when, names_global, calendar)
            within = ranges.given(ending.when, names_global, calendar)
            if cond.never_true or within is None:
                add(("endings", k, "when"), "the condition is never true, so this ending can never happen; "
                                            "change the condition or remove the ending")
            elif cond.always_true and not is_last:
                add(("endings", k, "when"), "the condition is always true, so the endings after it can never "
                                            "be reached; change the condition or move this ending last")
            elif not any(s.always_true for _j, s in earlier):  # an ending always true says it already
                hider = next((j for j, _s in earlier if ranges.span(model.endings[j].when, names_global,
                                                                     calendar, within).always_true), None)
                if hider is not None:
                    other = model.endings[hider].id
                    add(("endings", k, "when"),
                        f"whenever this condition holds, so does the condition of ending {other!r} (line "
                        f"{line_of(lines, ('endings', hider, 'when'))}), which is tried first, so this ending can "
                        f"never be reached; move it above {other!r} (the narrower condition goes first) or "
                        "change one of the two conditions")
            if not cond.never_true and within is not None:
                earlier.append((k, cond))
            if is_last:
                add(("endings", k, "when"), "the last ending must have no condition, so that every game "
                                            "ends with one; remove its when")

    for k, hint in enumerate(model.hints):
        if hint.turn > info.turns:
            add(("hints", k, "turn"), f"the scenario has {info.turns} turns, so this hint is never shown; use "
                                      f"a turn from 1 to {info.turns}")
    for k, pol in enumerate(model.policies):
        for rid in pol.prefer:
            if rid not in allowed_anywhere and not model.responses[_index(model.responses, rid)].default:
                add(("policies", k, "prefer"), f"no card allows {rid!r}")
    for k, c in enumerate(model.countries):
        for key in c.history_sources:
            if key not in source_keys:
                add(("countries", k, "history_sources"), f"unknown source {key!r}")
        if c.outcome and not c.outcome_when.strip():
            add(("countries", k, "outcome"), "an outcome needs outcome_when, the condition under which the "
                                             "player's result matches it")
        if c.outcome_when.strip() and not c.outcome:
            add(("countries", k, "outcome_when"), "outcome_when needs an outcome, the words that say what "
                                                  "happened there")
    notes, questions = model.debrief.notes, model.debrief.questions
    if notes and len(notes) != len(questions):
        add(("debrief", "notes"), f"{len(notes)} notes for {len(questions)} questions; give one note per "
                                  "question, in the same order (or none)")
    return out


def _index(items: Sequence[Any], ident: str) -> int:
    return next(k for k, it in enumerate(items) if it.id == ident)


# --- compiling into engine data -------------------------------------------------------------------------------

def _compile(model: m.ScenarioFile, lines: dict[Any, int], name: str, sha: str) -> d.Scenario:
    file = Path(name).name
    countries = tuple(c.id for c in model.countries)
    in_country = Names(countries, True)
    in_global = Names(countries, False)
    at_post = Names(countries, True, ranges=True)  # a response's or an option's effects may draw from a range

    def origin(section: str, k: int, ident: str) -> d.Origin:
        return d.Origin(file, line_of(lines, (section, k)), f"{section}.{ident}")

    def effects(text: str, names: Names) -> tuple[Any, ...]:
        return compile_effects(text, names) if text.strip() else ()

    def cond(text: str, names: Names) -> Any:
        return compile_expr(text, names) if text.strip() else None

    def scoped(groups: list[str], ids: list[str], only_acting: bool = False) -> tuple[int, ...]:
        return tuple(_scoped_countries(groups, ids, model, only_acting))

    default_id = next(r.id for r in model.responses if r.default)
    info = model.scenario
    res = model.resources
    words = _words(model)
    score = info.score or f"Your score is the average {words.aggregate} over all months, plus the ending's bonus."
    return d.Scenario(
        words=words, cohesion=None if info.cohesion.strip() == "alignment" else compile_expr(info.cohesion, in_country),
        id=info.id, title=info.title, description=info.description, introduction=info.introduction,
        file=name, sha256=sha, start_year=int(info.start[:4]), start_month=int(info.start[5:7]),
        turns=info.turns, seed=info.seed, capital=res.capital, capital_carry=res.capital_carry,
        economy=res.economy, climate=res.climate, max_cards=info.max_cards, score_text=score,
        groups=tuple(d.Group(g.id, g.name, g.summary, g.source or g.directive,
                             compile_expr(g.cards_per_turn, in_country), origin("groups", k, g.id))
                     for k, g in enumerate(model.groups)),
        countries=tuple(
            d.Country(c.id, c.name, c.short or c.name, c.post, c.group, c.acts, c.weight,
                      (c.alignment, c.china_ties, c.resentment, c.stability), c.leader, c.party, c.history,
                      tuple(c.history_sources), c.aftermath, tuple(c.aftermath_sources), c.outcome,
                      cond(c.outcome_when, in_country), tuple(c.outcome_sources), origin("countries", k, c.id),
                      c.common or c.short or c.name)
            for k, c in enumerate(model.countries)),
        responses=(*(
            d.Response(r.id, r.name, r.text, r.capital, r.economy, r.block, effects(r.effects, at_post),
                       r.coercion, r.default, r.source or r.directive, origin("responses", k, r.id))
            for k, r in enumerate(model.responses)),
            *(d.Response(option_id(e.id, o.id), o.name, o.text, o.capital, o.economy, 0.0,
                         effects(o.effects, at_post), 0, False, "",
                         d.Origin(file, line_of(lines, ("events", k, "options", j)), f"events.{e.id}.options.{o.id}"))
              for k, e in enumerate(model.events) for j, o in enumerate(e.options))),
        cards=(*(
            d.Card(c.id, c.title, c.text, c.source or c.directive, tuple(c.sources), tuple(_card_countries(c, model)),
                   compile_expr(c.weight, in_country) if c.weight.strip() else compile_expr("1", in_country),
                   cond(_windowed(c, info.start, info.turns), in_country), effects(c.effects, in_country),
                   tuple(r.id for r in model.responses
                         if not c.responses or r.id in c.responses or r.id == default_id),
                   tuple(c.block.items()), origin("cards", k, c.id))
            for k, c in enumerate(model.cards)),
            # A decision is a card no draw offers: an event puts it on the table, its options as its responses.
            *(d.Card(decision_id(e.id), e.title, e.text, "", tuple(e.sources), (), compile_expr("0", in_country), None,
                     (), tuple(option_id(e.id, o.id) for o in e.options), (), origin("events", k, e.id), event=e.id,
                     default=option_id(e.id, next((o for o in e.options if o.default), e.options[0]).id))
              for k, e in enumerate(model.events) if e.options)),
        initiatives=tuple(
            d.Initiative(i.id, i.name, i.text, i.capital, i.economy, scoped(i.groups, i.countries, True),
                         effects(i.effects, in_country), i.source or i.directive, origin("initiatives", k, i.id))
            for k, i in enumerate(model.initiatives)),
        rules=tuple(
            d.Rule(r.id, r.text, cond(r.when, in_country if r.scope == "country" else in_global),
                   effects(r.effects, in_country if r.scope == "country" else in_global),
                   scoped(r.groups, r.countries) if r.scope == "country" else None, origin("rules", k, r.id))
            for k, r in enumerate(model.rules)),
        events=tuple(
            d.HistoricalEvent(
                e.id, e.title, e.text, e.date,
                _month_number(e.date) - _month_number(info.start) + 1 if e.date else None,
                cond(e.when, in_country if e.scope == "country" else in_global),
                scoped(e.groups, e.countries) if e.scope == "country" else None, e.once, e.chance,
                effects(e.effects, in_country if e.scope == "country" else in_global), tuple(e.sources),
                e.historical, origin("events", k, e.id), decision_id(e.id) if e.options else "")
            for k, e in enumerate(model.events)),
        changes=tuple(sorted(
            (d.Change(c.date, _month_number(c.date) - _month_number(info.start) + 1, countries.index(c.country),
                      c.leader, c.party, c.history, c.text, tuple(c.sources),
                      d.Origin(file, line_of(lines, ("changes", k)), f"changes[{k + 1}]"))
             for k, c in enumerate(model.changes)), key=lambda ch: ch.date)),
        endings=tuple(
            d.Ending(e.id, e.title, e.text, cond(e.when, in_global), e.bonus, origin("endings", k, e.id),
                     e.history, tuple(e.history_sources))
            for k, e in enumerate(model.endings)),
        difficulties=tuple(d.Difficulty(x.id, x.name, x.text, x.capital, x.economy) for x in model.difficulties),
        policies=tuple(d.Policy(p.id, p.name, p.text, tuple(p.prefer), tuple(p.initiatives))
                       for p in model.policies),
        glossary=tuple(d.Entry(g.term, g.term, g.meaning, tuple(g.sources)) for g in model.glossary),
        sources=tuple(d.Entry(s.key, s.key, s.citation) for s in model.sources),
        reader=tuple(d.Entry(r.ref, r.heading, r.text) for r in model.reader),
        objectives=tuple(model.debrief.objectives), questions=tuple(model.debrief.questions),
        notes=tuple(model.debrief.notes), differs=model.debrief.differs, epilogue=model.debrief.epilogue,
        epilogue_sources=tuple(model.debrief.epilogue_sources),
        source_questions=tuple(d.SourceQuestion(q.topic, q.text, q.note, tuple(q.sources))
                               for q in model.debrief.source_questions),
        hints=tuple((h.turn, h.text) for h in model.hints),
    )
