"""The demo data's one source of randomness.

Python keeps the sequence of ``random.Random(seed).random()`` stable across versions, but not
that of its other methods (``randint``, ``choice``, ``shuffle``…); so every draw here derives
from ``random()`` alone, and a seed gives the same data on every Python.
"""

from __future__ import annotations

import random
from collections.abc import Sequence


class Rng:
    """Only ``random.random()`` is stable across Python versions; everything derives from it."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed).random

    def random(self) -> float:
        return self._random()

    def uniform(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self._random()

    def integer(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi]."""
        return lo + min(int(self._random() * (hi - lo + 1)), hi - lo)

    def chance(self, p: float) -> bool:
        return self._random() < p

    def choice(self, items: Sequence[str]) -> str:
        return items[self.integer(0, len(items) - 1)]

    def sample(self, items: Sequence[str], k: int) -> list[str]:
        pool = list(items)
        for i in range(k):
            j = self.integer(i, len(pool) - 1)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def column(self, n: int) -> list[float]:
        rnd = self._random
        return [rnd() for _ in range(n)]
