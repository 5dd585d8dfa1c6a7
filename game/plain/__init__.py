"""The plain game: a whole game line by line on stdin/stdout, for screen readers and for scripts.

Everything is said in words and signed numbers, never by layout or colour alone. The output is plain text in
reading order: the month's briefing, then one question at a time.

The input protocol (also shown by ``?`` in the game):

* Each month the game asks about every card at the posts you run, in the order the briefing lists them.
  Answer each with the number of a response; an empty line (Enter) chooses the card's default (do nothing).
  When every card is answered the game asks what next: ``e`` ends the month, a card number answers that card
  again.
* At any question you may type ``c`` (multilateral coordination: launch or recall an initiative), ``r``
  (review the plan and what is left), ``g`` (glossary), ``s`` (the directive and the sources), ``?`` (help),
  ``e`` (end the month now; the game asks to confirm while cards are unanswered, and those get the default)
  or ``q`` (save and quit).
* So a script pipes one line per card, in card order, then ``e``, month after month. Nothing else is asked:
  no name, no "press Enter"; the numbers of the responses are the same on every card.
* Invalid input is answered with a hint and the question is asked again.

Saves, resuming, the warnings before a month ends, the reflections and the finished record follow ``game.session``,
the same for both front ends: the autosave is written once there is something to lose (after every month; at end of
input, Ctrl+C, a closed terminal (SIGHUP) or ``q``, which exit 0; the save comes before any word about it, so a
terminal or pipe that is gone loses nothing), ``ambassador play --resume --plain`` continues from it, and a
finished game writes its record (exactly ``game.records.from_state(final_state, player, reflections)``) to
``--record FILE`` or to the data folder and removes the autosave.
"""
from __future__ import annotations

import argparse
import sys
from typing import TextIO

from game.plain.play import PlainGame
from game.plain.setup import new, resume

__all__ = ["main", "run"]


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Play on the given streams (tests use this; ``main`` uses the process's own)."""
    resumed = bool(getattr(args, "resume", False))
    session = resume(args, stderr) if resumed else new(args, stderr)
    if isinstance(session, int):
        return session
    return PlainGame(session, stdin, stdout, resumed=resumed).run()


def main(args: argparse.Namespace) -> int:
    """``ambassador play --plain``: the exit code (0 played or saved, 1 cannot be played, 2 usage)."""
    return run(args, sys.stdin, sys.stdout, sys.stderr)
