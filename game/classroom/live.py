"""`ambassador class NAME`: the teacher's view of a class as it plays, from the store.

It reads what the games stored (the newest row of each game) and what `serve` keeps of each browser (connected
or not, its last key), and does not replay the games: it is a live glance.
`ambassador compare --db FILE --class NAME` verifies every record before counting it.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from game.classroom.store import Row, Store, StoreError, clean_name

#: A connected browser with no key for this long is idle.
IDLE_S = 120
#: A game stored without a browser's resume code (not by this version's `serve`) counts as left after this.
LEFT_S = 600


def status(row: Row, presence: dict[str, tuple[bool, str]], newest: dict[str, int], now: datetime,
           ) -> tuple[str, str]:
    """(playing / idle / left / finished, when last seen) of one game. A browser's game is playing while its
    browser is connected (idle after IDLE_S without a key); an older game of the same browser was left."""
    seen = _when(row.stored)
    if row.finished:
        return "finished", _ago(now, seen)
    connected, last = presence.get(row.owner, (False, "")) if row.owner else (False, "")
    if last:
        seen = max(seen, _when(last))
    if not row.owner:
        return ("playing" if (now - seen).total_seconds() < LEFT_S else "left"), _ago(now, seen)
    if not connected or newest.get(row.owner) != row.id:
        return "left", _ago(now, seen)
    return ("idle" if (now - seen).total_seconds() >= IDLE_S else "playing"), _ago(now, seen)


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


def render(klass: str, rows: list[Row], presence: dict[str, tuple[bool, str]] | None = None,
           now: datetime | None = None) -> str:
    """One snapshot: the games of each setting (scenario, seed, difficulty) under a heading that names it, each
    with its month reached, when last seen, cohesion, score and status (a finished game's ending in its place);
    the scores so far. A table fits 80 columns: the last column is the only one of open width."""
    name = clean_name(klass, fallback="class")
    if not rows:
        return f"Class {name}: nobody has started yet.\n"
    now = now or datetime.now(timezone.utc)
    presence = presence or {}
    newest: dict[str, int] = {}
    for r in rows:
        if r.owner:
            newest[r.owner] = max(newest.get(r.owner, 0), r.id)
    shown = {r.id: status(r, presence, newest, now) for r in rows}
    counts = Counter(state for state, _ in shown.values())
    players = len({(r.player, r.owner or r.game) for r in rows})
    lines = [f"Class {name}: {players} player{'s' if players != 1 else ''}, {len(rows)} "
             f"game{'s' if len(rows) != 1 else ''}: " + ", ".join(f"{counts[k]} {k}" for k in
                                                                   ("finished", "playing", "idle", "left"))]
    groups: dict[tuple[str, int, str], list[Row]] = {}
    for r in rows:
        groups.setdefault((r.scenario, r.seed, r.difficulty), []).append(r)
    if len(groups) > 1:
        lines += ["", "Note: these games were played with different scenarios, seeds or difficulties;",
                  "`ambassador compare` compares each setting apart."]
    for (scenario, seed, difficulty), group in groups.items():
        level = f", difficulty {difficulty}" if difficulty else ""
        lines += ["", f"{scenario}, seed {seed}{level}: {len(group)} game{'s' if len(group) != 1 else ''}",
                  f"{'player':<18} {'browser':<9} {'month':>5} {'seen':>6} {'cohesion':>8} {'score':>5}  "
                  "status or ending"]
        for r in sorted(group, key=lambda r: (not r.finished, -(r.score or 0), -r.months, r.player, r.id)):
            state, seen = shown[r.id]
            cohesion = r.cohesion()
            value = f"{cohesion:.1f}" if cohesion is not None else "-"
            score = str(r.score) if r.score is not None else "-"
            month = r.months if r.finished else r.months + 1
            browser = r.owner or f"#{r.id}"  # tells two students of the same name apart
            lines.append(f"{r.player[:18]:<18} {browser[:9]:<9} {month:>5} {seen:>6} {value:>8} {score:>5}  "
                         f"{r.ending if r.finished and r.ending else state}")
        scores = [r.score for r in group if r.finished and r.score is not None]
        if scores:
            lines += ["", f"Scores so far: mean {statistics.fmean(scores):.1f}, median {statistics.median(scores):g}, "
                      f"lowest {min(scores)}, highest {max(scores)} ({len(scores)} finished)"]
    return "\n".join(lines) + "\n"


def snapshot(db: Path, klass: str) -> str:
    """The class as the store holds it now; StoreError when there is no store at ``db``."""
    with Store(db, create=False) as store:
        return render(klass, store.latest(klass), store.presence(klass))


def watch(db: Path, klass: str, *, interval: float = 2.0, out: TextIO = sys.stdout,
          sleep: Callable[[float], None] = time.sleep) -> int:
    """Refresh the snapshot every ``interval`` seconds until Ctrl+C (exit 0). A store that does not exist yet
    (the view opened before `ambassador serve`) shows as a class nobody has joined."""
    clear = "\x1b[H\x1b[2J" if out.isatty() else ""
    try:
        while True:
            try:
                text = snapshot(db, klass)
            except StoreError:
                text = render(klass, [])
            stamp = datetime.now().strftime("%H:%M:%S")
            out.write(f"{clear}{text}\n(updated {stamp}; refreshing every {interval:g} s; Ctrl+C to stop)\n")
            out.flush()
            sleep(interval)
    except KeyboardInterrupt:
        out.write("\n")
        return 0
