"""Sets of small integers packed into uint64 words, so set tests over many pairs are vectorised.

Languages, topics, modalities and availability slots are all "which of N things" questions;
packing them lets one AND plus a popcount answer "how many in common" for a million pairs.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

WORD_BITS = 64
Words = npt.NDArray[np.uint64]


def words_for(universe: int) -> int:
    """How many uint64 words hold a set over `universe` members (at least one)."""
    return max(1, -(-universe // WORD_BITS))


def pack(members: Iterable[int], n_words: int) -> Words:
    """One set as `n_words` uint64 words; members outside the universe are ignored."""
    words = np.zeros(n_words, dtype=np.uint64)
    for member in members:
        if 0 <= member < n_words * WORD_BITS:
            words[member // WORD_BITS] |= np.uint64(1) << np.uint64(member % WORD_BITS)
    return words


def common_count(a: Words, b: Words) -> npt.NDArray[np.int64]:
    """Members shared by each row of `a` and the matching row of `b` (same shape)."""
    return np.bitwise_count(a & b).sum(axis=-1, dtype=np.int64)


def members(words: Words) -> list[int]:
    """The members of one packed set, ascending."""
    bits = np.unpackbits(words.astype("<u8").view(np.uint8), bitorder="little")
    return [int(i) for i in np.flatnonzero(bits)]
