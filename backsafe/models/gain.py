"""Normalised gain between a pre-test and a post-test (Hake 1998)."""
from __future__ import annotations

import math

from . import InputError


def _share(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or not 0 <= value <= 1:
        raise InputError(f"The {name} score must be a share between 0 and 1, not {value!r}.")
    return float(value)


def normalised_gain(pre: float, post: float) -> float | None:
    """g = (post - pre) / (1 - pre): the share of what there was left to learn that
    was learnt. Scores are shares of the maximum (0 to 1).

    None when the pre-test score is 1 (full marks): there was nothing left to
    gain, so g is undefined. g is negative when the post-test score is lower than
    the pre-test score.
    """
    pre, post = _share("pre-test", pre), _share("post-test", post)
    if pre == 1:
        return None
    return (post - pre) / (1 - pre)
