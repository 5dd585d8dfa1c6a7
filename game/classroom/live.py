"""`ambassador class NAME`: the teacher's view of a class as it plays, from the store.

It reads what the games stored (the newest row of each game) and what `serve` keeps of each browser (connected
or not, its last key), and does not replay the games: it is a live glance.
`ambassador compare --db FILE --class NAME` verifies every record before counting it.
"""

from __future__ import annotations

import os
import statistics
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from game.classroom.store import Row, Store, StoreError, clean_name

if TYPE_CHECKING:
    from game.engine.data import Scenario

#: A connected browser with no key for this long is idle.
IDLE_S = 120
#: A game stored without a browser's resume code (not by this version's `serve`) counts as left after this.
LEFT_S = 600


def status(row: Row, presence: dict[str, tuple[bool, str]], newest: dict[str, int], now: datetime,
           ) -> tuple[str, str]:
    """(playing / idle / left / finished, when last seen) of one game. A browser's game is playing while its
    browser is connected (idle after IDLE_S without a key); an older game of the same browser was left."""
    seen = last_seen(row, presence)
    if row.finished:
        return "finished", _ago(now, seen)
    connected = presence.get(row.owner, (False, ""))[0] if row.owner else False
    if not row.owner:
        return ("playing" if (now - seen).total_seconds() < LEFT_S else "left"), _ago(now, seen)
    if not connected or newest.get(row.owner) != row.id:
        return "left", _ago(now, seen)
    return ("idle" if (now - seen).total_seconds() >= IDLE_S else "playing"), _ago(now, seen)


def last_seen(row: Row, presence: dict[str, tuple[bool, str]]) -> datetime:
    """When a game was last heard of: its newest row stored, or (unfinished) its browser's last key, connection
    or disconnection."""
    seen = _when(row.stored)
    last = presence.get(row.owner, (False, ""))[1] if row.owner and not row.finished else ""
    return max(seen, _when(last)) if last else seen


def _when(stamp: str) -> datetime:
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _ago(now: datetime, then: datetime) -> str:
    seconds = max((now - then).total_seconds(), 0)
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"{seconds // 60:.0f} min"
    return f"{seconds // 3600:.0f} h" if seconds < 86400 else "-"


#: A game's row of the table, up to the status or ending (which has the rest of the 80 columns: 25, as long as
#: the longest ending title of the bundled scenarios).
_ROW = "{player:<16} {browser:<9} {month:>5} {seen:>6} {cohesion:>8} {score:>5} "


def render(klass: str, rows: list[Row], presence: dict[str, tuple[bool, str]] | None = None,
           now: datetime | None = None, *, find: Callable[[Row], Scenario | None] | None = None,
           height: int | None = None, others: list[str] | None = None) -> str:
    """One snapshot: the games of each setting (scenario, seed, difficulty) under a heading that names it, each
    with its month reached, when last seen, the scenario's aggregate (cohesion, openness...), score and status (a
    finished game's ending in its place: its title, as `compare` names it); the scores so far. ``find`` gives a
    game's scenario (without it, or where it is not found: 'cohesion' and the ending's id). A table fits 80
    columns: the last column is the only one of open width.

    ``others``: the classes the store holds, said when it holds no game of ``klass`` (a name typed otherwise).

    ``height``: the lines there are for it (a terminal's, less the view's own last lines). When the games do not
    all fit, the summary, each setting's heading and its scores so far stay, and the games shown are the ones
    seen most recently, each setting's last among them (a line above says how many are left out), so the
    teacher sees what just happened."""
    name = clean_name(klass, fallback="class")
    if not rows:
        held = (f" The store holds games of {', '.join(others)}: a class is named exactly as `serve --class` "
                "named it." if others else "")
        return textwrap.fill(f"Class {name}: nobody has started yet.{held}", 80) + "\n"
    now = now or datetime.now(timezone.utc)
    presence = presence or {}
    newest: dict[str, int] = {}
    for r in rows:
        if r.owner:
            newest[r.owner] = max(newest.get(r.owner, 0), r.id)
    shown = {r.id: status(r, presence, newest, now) for r in rows}
    counts = Counter(state for state, _ in shown.values())
    players = len({(r.player, r.owner or r.game) for r in rows})
    head = [f"Class {name}: {players} player{'s' if players != 1 else ''}, {len(rows)} "
            f"game{'s' if len(rows) != 1 else ''}: " + ", ".join(f"{counts[k]} {k}" for k in
                                                                  ("finished", "playing", "idle", "left"))]
    groups: dict[tuple[str, int, str], list[Row]] = {}
    for r in rows:
        groups.setdefault((r.scenario, r.seed, r.difficulty), []).append(r)
    if len(groups) > 1:
        head += ["", "Note: these games were played with different scenarios, seeds or difficulties;",
                 "`ambassador compare` compares each setting apart."]
    fixed = len(head) + sum(3 + (2 if _scores(g) else 0) for g in groups.values())  # all but the games' rows
    kept = {r.id for r in rows}
    if height is not None and fixed + len(rows) > height:
        room = max(height - fixed - 2, 0)  # the line that says how many are left out, and a blank line
        recent = sorted(rows, key=lambda r: (last_seen(r, presence), r.id), reverse=True)
        # each setting keeps its game seen last (a table of none would read as nobody playing it), then the rest
        firsts = {(r.scenario, r.seed, r.difficulty): r.id for r in reversed(recent)}
        kept = set(list(firsts.values())[:room])
        kept.update([r.id for r in recent if r.id not in kept][:room - len(kept)])
        head[1:1] = ["", f"Showing the {len(kept)} game{'s' if len(kept) != 1 else ''} seen last, of {len(rows)}: "
                         "a taller window shows more, --once all."]
    lines = head
    find = find or (lambda row: None)
    for (scenario, seed, difficulty), group in groups.items():
        level = f", difficulty {difficulty}" if difficulty else ""
        played = find(group[0])
        aggregate = played.words.aggregate_short if played is not None else "cohesion"
        lines += ["", f"{scenario}, seed {seed}{level}: {len(group)} game{'s' if len(group) != 1 else ''}",
                  _ROW.format(player="player", browser="browser", month="month", seen="seen",
                              cohesion=aggregate[:8], score="score") + "status or ending"]
        for r in sorted(group, key=lambda r: (not r.finished, -(r.score or 0), -r.months, r.player, r.id)):
            if r.id not in kept:
                continue
            state, seen = shown[r.id]
            cohesion = r.cohesion()
            ending = ending_title(r, find(r)) if r.finished and r.ending else ""
            lines.append(_ROW.format(player=r.player[:16], browser=(r.owner or f"#{r.id}")[:9],  # tells two
                                     month=r.months if r.finished else r.months + 1, seen=seen,  # Annas apart
                                     cohesion=f"{cohesion:.1f}" if cohesion is not None else "-",
                                     score=str(r.score) if r.score is not None else "-") + (ending or state))
        scores = _scores(group)
        if scores:
            lines += ["", f"Scores so far: mean {statistics.fmean(scores):.1f}, median {statistics.median(scores):g}, "
                      f"lowest {min(scores)}, highest {max(scores)} ({len(scores)} finished)"]
    return "\n".join(lines) + "\n"


def _scores(group: list[Row]) -> list[int]:
    return [r.score for r in group if r.finished and r.score is not None]


def scenarios(kept: list[tuple[str, bytes]]) -> Callable[[Row], Scenario | None]:
    """The scenario of a game, found as `compare --db` finds it (the text the store kept when the class was
    served, else a bundled scenario of that id); None when it is found nowhere (a store of records `serve` did
    not write)."""
    from game.scenario.find import Finder

    finder = Finder((), kept)

    def find(row: Row) -> Scenario | None:
        scenario = finder.find(row.scenario, row.scenario_sha256())
        return None if isinstance(scenario, str) else scenario

    return find


def ending_title(row: Row, scenario: Scenario | None) -> str:
    """A finished game's ending as `compare` names it (its title in the scenario), or its id when the scenario
    is not known or has no such ending."""
    ending = row.ending or ""
    if scenario is None:
        return ending
    try:
        return scenario.ending(ending).title
    except KeyError:
        return ending


def snapshot(db: Path, klass: str, height: int | None = None) -> str:
    """The class as the store holds it now; StoreError when there is no store at ``db``."""
    with Store(db, create=False) as store:
        rows = store.latest(klass)
        others = [] if rows else store.classes()
        return render(klass, rows, store.presence(klass), find=scenarios(store.scenarios()), height=height,
                      others=others)


#: The view's own lines below the snapshot: a blank line and the line that says when it was updated.
FOOTER = 2


def terminal_lines() -> int | None:
    """The lines of the terminal the view is shown in, or None when it is not shown in one."""
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines
    except (OSError, ValueError):
        return None


def watch(db: Path, klass: str, *, interval: float = 2.0, out: TextIO = sys.stdout,
          sleep: Callable[[float], None] = time.sleep, lines: Callable[[], int | None] = terminal_lines) -> int:
    """Refresh the snapshot every ``interval`` seconds until Ctrl+C (exit 0), fitted to the terminal's height
    (``lines``) so that nothing scrolls off its top. A store that does not exist yet (the view opened before
    `ambassador serve`) shows as a class nobody has joined."""
    clear = "\x1b[H\x1b[2J" if out.isatty() else ""
    try:
        while True:
            height = lines() if clear else None
            room = height - FOOTER - 1 if height is not None else None  # - 1: the last newline scrolls nothing
            try:
                text = snapshot(db, klass, room)
            except StoreError:
                text = render(klass, [])
            stamp = datetime.now().strftime("%H:%M:%S")
            out.write(f"{clear}{text}\n(updated {stamp}; refreshing every {interval:g} s; Ctrl+C to stop)\n")
            out.flush()
            sleep(interval)
    except KeyboardInterrupt:
        out.write("\n")
        return 0
