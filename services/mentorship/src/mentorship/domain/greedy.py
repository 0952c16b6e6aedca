"""The baseline the optimum is measured against: best pairs first, while places last."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

I32 = npt.NDArray[np.int32]


def greedy_assignment(
    mentee: I32, mentor: I32, value: npt.NDArray[np.int64], capacity: I32
) -> npt.NDArray[np.bool_]:
    """Take pairs by decreasing value when the mentee is free and the mentor has a place."""
    chosen = np.zeros(len(mentee), dtype=bool)
    places = capacity.astype(np.int64).copy()
    taken = np.zeros(int(mentee.max()) + 1 if len(mentee) else 0, dtype=bool)
    order = np.argsort(-value, kind="stable")
    for p, i, j in zip(order.tolist(), mentee[order].tolist(), mentor[order].tolist(), strict=True):
        if not taken[i] and places[j] > 0:
            taken[i] = True
            places[j] -= 1
            chosen[p] = True
    return chosen
