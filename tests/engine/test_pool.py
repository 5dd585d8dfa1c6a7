"""The weighted draw's arithmetic (``program.Machine``'s pool of weights), worked out by hand, on both machines.

China's outreach draws a card in proportion to its weight (``program._outreach``): ``x`` is the draw times
the pool's total, and the card is the first whose weight is above what is left of ``x`` after the weights
before it were taken away one by one. Each case below is the answer on paper; the scalar machine (one game,
``state._Month``) and the array machine (a block, ``lockstep._Block``, every case a game of one block) must
both give it, element by element.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.engine.lockstep import _Block
from game.engine.state import _Month

INF, NAN = math.inf, math.nan

#: (pool, x, the first position below x, the last positive position): by hand.
CASES: list[tuple[list[float], float, int, int]] = [
    ([1.0, 2.0, 0.0, 3.0], 0.0, 0, 3),
    ([1.0, 2.0, 0.0, 3.0], 0.999, 0, 3),
    ([1.0, 2.0, 0.0, 3.0], 1.0, 1, 3),  # 1 - 1 = 0 < 2
    ([1.0, 2.0, 0.0, 3.0], 2.75, 1, 3),
    ([1.0, 2.0, 0.0, 3.0], 3.0, 3, 3),  # 3 - 1 - 2 = 0 is not below the 0 of position 2, but below 3
    ([1.0, 2.0, 0.0, 3.0], 5.5, 3, 3),
    ([1.0, 2.0, 0.0, 3.0], 6.0, -1, 3),  # x is the total: it passes every weight
    ([0.0, 0.0, 4.0, 0.0], 3.5, 2, 2),
    ([0.0, 0.0, 0.0, 0.0], 0.0, -1, -1),  # an empty pool
    # 0.1 + 0.2 is 0.30000000000000004: less 0.1 it is 0.20000000000000004, not below 0.2 (rounding passes).
    ([0.1, 0.2, 0.0, 0.0], 0.1 + 0.2, -1, 1),
    ([2.0**53, 1.0, 1.0, 0.0], 2.0**53, 1, 2),  # 2**53 - 2**53 = 0 < 1
    ([INF, 1.0, 0.0, 0.0], INF, -1, 1),  # inf - inf is NaN, below nothing
    ([INF, 1.0, 0.0, 0.0], 5.0, 0, 1),
    ([1.0, 2.0, 0.0, 3.0], NAN, -1, 3),  # NaN is below nothing
]

#: The totals by hand, added left to right: (pool, total).
TOTALS: list[tuple[list[float], float]] = [
    ([1.0, 2.0, 0.0, 3.0], 6.0),
    ([0.1, 0.2, 0.3, 0.0], 0.6000000000000001),  # (0.1 + 0.2) + 0.3; 0.1 + (0.2 + 0.3) would be 0.6
    ([2.0**53, 1.0, 1.0, 0.0], 2.0**53),  # each 1 is lost to rounding, one at a time
    ([1.0, 1.0, 2.0**53, 0.0], 2.0**53 + 2),  # 2 is kept, then 2**53 + 2 is exact
    ([INF, 1.0, 0.0, 0.0], INF),
]


@pytest.mark.parametrize(("pool", "x", "first", "last"), CASES)
def test_one_game(pool: list[float], x: float, first: int, last: int) -> None:
    weights = _Month.pool(pool)
    assert _Month.first_below(x, weights) == first
    assert _Month.last_positive(weights) == last
    assert _Month.positive(weights) == sum(1 for w in pool if w > 0)


def _block(pools: list[list[float]]) -> _Block:
    block = object.__new__(_Block)  # only the pool's arithmetic is used, which reads nothing else
    block.size = len(pools)
    return block


def test_a_block_gives_each_game_its_own_answer() -> None:
    block = _block([pool for pool, *_ in CASES])
    pool = block.pool([np.array(column) for column in zip(*(p for p, *_ in CASES), strict=True)])
    x = np.array([x for _, x, *_ in CASES])
    with np.errstate(all="ignore"):  # as a block is played: inf - inf is NaN, silently
        first = block.first_below(x, pool)
    assert first.tolist() == [first for *_, first, _ in CASES]
    assert block.last_positive(pool).tolist() == [last for *_, last in CASES]
    assert block.positive(pool).tolist() == [sum(1 for w in p if w > 0) for p, *_ in CASES]


def test_a_block_of_constant_weights_is_the_same_in_every_game() -> None:
    block = _block([[], [], []])
    pool = block.pool([1.0, 2.0, 0.0, 3.0])
    assert pool.shape == (4, 3)
    assert block.first_below(np.array([0.5, 2.0, 3.0]), pool).tolist() == [0, 1, 3]


@pytest.mark.parametrize(("pool", "total"), TOTALS)
def test_totals_are_added_left_to_right(pool: list[float], total: float) -> None:
    assert _Month.total(_Month.pool(pool)) == total
    block = _block([pool, pool])
    assert _Block.total(block.pool([np.array([w, w]) for w in pool])).tolist() == [total, total]


def test_a_dropped_card_leaves_the_pool_only_where_it_was_drawn() -> None:
    assert _Month.drop([1.0, 2.0, 3.0], 1, True) == [1.0, 0.0, 3.0]
    assert _Month.drop([1.0, 2.0, 3.0], 1, False) == [1.0, 2.0, 3.0]
    block = _block([[], [], []])
    pool = block.pool([1.0, 2.0, 3.0])
    after = _Block.drop(pool, np.array([1, 2, 0]), np.array([True, True, False]))
    assert after.T.tolist() == [[1.0, 0.0, 3.0], [1.0, 2.0, 0.0], [1.0, 2.0, 3.0]]
    assert pool.T.tolist() == [[1.0, 2.0, 3.0]] * 3  # the pool given is left as it was
