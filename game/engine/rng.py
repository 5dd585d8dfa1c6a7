"""Keyed random streams: every draw comes from a stream named by (seed, turn, country, purpose).

The key is hashed with BLAKE2b and the stream is SplitMix64, written out here, so the numbers are the same on
every machine and every Python version (``random.Random`` promises that only for ``random()`` itself), and a
choice at one post never shifts the draws at another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

_MASK = (1 << 64) - 1
#: SplitMix64's constants, for code that inlines ``Stream.random`` (game.engine.lockstep, game.sim.policies).
GAMMA = 0x9E3779B97F4A7C15
MIX1 = 0xBF58476D1CE4E5B9
MIX2 = 0x94D049BB133111EB
_BLAKE2B = hashlib.blake2b
_FROM_BYTES = int.from_bytes

#: The seeds a game may have, everywhere (command line, the new-game screen, records, the classroom store):
#: 0 to 2**63 - 1, the whole numbers SQLite stores exactly.
SEED_MAX = 2**63 - 1


def seed_problem(seed: int) -> str | None:
    """What is wrong with a seed (None when it is in range), in the words every front end shows."""
    if 0 <= seed <= SEED_MAX:
        return None
    value = str(seed) if abs(seed) < 10**30 else "that number"
    return f"a seed is a whole number from 0 to {SEED_MAX} (2**63 - 1); {value} is out of range"


def parse_seed(text: str) -> int:
    """A seed typed by a person (the command line, the new-game screen), or ValueError saying what is wrong."""
    try:
        seed = int(text.strip())
    except ValueError:
        shown = text.strip() if len(text.strip()) <= 30 else text.strip()[:30] + "…"
        raise ValueError(f"a seed is a whole number from 0 to {SEED_MAX} (2**63 - 1); {shown!r} is not one") \
            from None
    problem = seed_problem(seed)
    if problem is not None:
        raise ValueError(problem)
    return seed


# --- names to numbers: every key and derived seed is made here, one way -----------------------------------

def _name(fields: tuple[object, ...]) -> bytes:
    """A name as it is hashed: its fields' text, each followed by the unit separator but the last."""
    return "\x1f".join(map(str, fields)).encode()


def key(*fields: object) -> int:
    """The 64-bit number named by ``fields`` (e.g. seed, turn, post, purpose): the name's BLAKE2b hash, an
    8-byte digest, read little-endian. Streams start from it; seeds derived from a seed (a game
    of a batch, a rollout) are it shifted right by one, to stay in 0..2**63 - 1 (``SEED_MAX``)."""
    return _FROM_BYTES(_BLAKE2B(_name(fields), digest_size=8).digest(), "little")


def started(*fields: object) -> Any:
    """The hash of a name begun with ``fields`` (with the separator after the last), to be finished by
    ``finished`` for many names at once: how a block keys every game's stream without hashing each seed again."""
    return _BLAKE2B(_name(fields) + b"\x1f", digest_size=8)


def finished(begun: Iterable[Any], *fields: object) -> bytes:
    """For each name begun (``started``), ``key`` of that name ended with ``fields``: 8 bytes each,
    little-endian, one after another (an array of uint64 as numpy reads it)."""
    rest = _name(fields)
    out: list[bytes] = []
    for h in begun:
        h = h.copy()
        h.update(rest)
        out.append(h.digest())
    return b"".join(out)


def stream_key(seed: int, turn: int, country: str, purpose: str) -> int:
    """The starting state of the stream named by (seed, turn, country, purpose)."""
    return key(seed, turn, country, purpose)


def nth_draw(key: int, n: int) -> float:
    """The n-th number (from 1) of the stream that starts at ``key``: ``Stream.random`` called n times."""
    s = (key + n * GAMMA) & _MASK
    s = ((s ^ (s >> 30)) * MIX1) & _MASK
    s = ((s ^ (s >> 27)) * MIX2) & _MASK
    return ((s ^ (s >> 31)) >> 11) * (1.0 / (1 << 53))


class Stream:
    """A deterministic stream of floats in [0, 1)."""

    __slots__ = ("_state",)

    def __init__(self, seed: int, turn: int, country: str, purpose: str) -> None:
        self._state = stream_key(seed, turn, country, purpose)

    def random(self) -> float:
        self._state = s = (self._state + 0x9E3779B97F4A7C15) & _MASK
        s = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        s = ((s ^ (s >> 27)) * 0x94D049BB133111EB) & _MASK
        return ((s ^ (s >> 31)) >> 11) * (1.0 / (1 << 53))

    def below(self, n: int) -> int:
        """A whole number in [0, n)."""
        return min(int(self.random() * n), n - 1)
