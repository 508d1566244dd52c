"""Small random helpers shared by the demo modules."""

from __future__ import annotations

import random
from bisect import bisect_left
from itertools import accumulate


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=False)
    return rng.choices(values, weights=weights)[0]


class Pool:
    """Items with cumulative weights, for O(log n) weighted picks."""

    def __init__(self, items: list, weights: list[float]):
        self.items = items
        self.cum = list(accumulate(weights))

    def __bool__(self) -> bool:
        return bool(self.items)

    def pick(self, rng: random.Random):
        return self.items[bisect_left(self.cum, rng.random() * self.cum[-1])]
