"""`ambassador class NAME`: the teacher's view of a class as it plays, from the store.

It reads what the games stored (the newest row of each game) and does not replay them: it is a live glance.
`ambassador compare --db FILE --class NAME` verifies every record before counting it.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from game.classroom.store import Row, Store, StoreError, clean_name


def render(klass: str, rows: list[Row]) -> str:
    """One snapshot: who has started, who has finished, scores so far."""
    name = clean_name(klass, fallback="class")
    if not rows:
        return f"Class {name}: nobody has started yet.\n"
    finished = [r for r in rows if r.finished]
    players = len({r.player for r in rows})
    lines = [f"Class {name}: {players} player{'s' if players != 1 else ''}, {len(rows)} "
             f"game{'s' if len(rows) != 1 else ''}: {len(finished)} finished, {len(rows) - len(finished)} "
             "playing", "",
             f"{'player':<24} {'status':<12} {'cohesion':>8} {'score':>5}  ending"]
    order = sorted(rows, key=lambda r: (not r.finished, -(r.score or 0), -r.months, r.player, r.id))
    for r in order:
        status = "finished" if r.finished else f"month {r.months + 1}"
        cohesion = r.cohesion()
        shown = f"{cohesion:.1f}" if cohesion is not None else "-"
        score = str(r.score) if r.score is not None else "-"
        lines.append(f"{r.player[:24]:<24} {status:<12} {shown:>8} {score:>5}  {r.ending or ''}".rstrip())
    scores = [r.score for r in finished if r.score is not None]
    if scores:
        lines += ["", f"Scores so far: mean {statistics.fmean(scores):.1f}, median {statistics.median(scores):g}, "
                      f"lowest {min(scores)}, highest {max(scores)} ({len(scores)} finished)"]
    return "\n".join(lines) + "\n"


def snapshot(db: Path, klass: str) -> str:
    """The class as the store holds it now; StoreError when there is no store at ``db``."""
    with Store(db, create=False) as store:
        return render(klass, store.latest(klass))


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
