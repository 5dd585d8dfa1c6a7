"""The keyed streams' names: every key and derived seed is BLAKE2b (8-byte digest) of the fields' text joined by
the unit separator, read little-endian, made in one place (game.engine.rng); the block's way of keying many
seeds at once gives the same numbers as keying each."""

from __future__ import annotations

import hashlib

from game.engine import rng
from game.sim.batch import game_seed


def _blake(name: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "little")


def test_a_key_is_the_hash_of_its_fields_joined_by_the_unit_separator() -> None:
    assert rng.key(1980, "random", 0) == _blake(b"1980\x1frandom\x1f0")
    assert rng.key(7) == _blake(b"7")
    assert rng.stream_key(7, 3, "poland", "outreach") == _blake(b"7\x1f3\x1fpoland\x1foutreach")


def test_a_stream_starts_at_its_key() -> None:
    stream = rng.Stream(7, 3, "poland", "outreach")
    first = stream.random()
    assert first == rng.nth_draw(_blake(b"7\x1f3\x1fpoland\x1foutreach"), 1)
    assert 0.0 <= first < 1.0


def test_keys_finished_for_many_seeds_at_once_are_each_seeds_key() -> None:
    seeds = [0, 7, 1980, 2**63 - 1]
    joined = rng.finished([rng.started(seed) for seed in seeds], 3, "*", "policy:random")
    assert joined == b"".join(_blake(f"{seed}\x1f3\x1f*\x1fpolicy:random".encode()).to_bytes(8, "little")
                              for seed in seeds)


def test_a_games_seed_is_its_key_halved_into_the_seed_range() -> None:
    for index in (0, 1, 999):
        seed = game_seed(1980, "random", index)
        assert seed == _blake(f"1980\x1frandom\x1f{index}".encode()) >> 1
        assert 0 <= seed <= rng.SEED_MAX
