"""The four trunk-endurance holds: reading times, ratios, rules of thumb and
comparison with a published norm set.

The holds are the trunk flexor test, the back extensor test and the right and
left side bridge (McGill, Childs & Liebenson 1999). From the four times the
model computes four ratios::

    flexor_extensor = flexor / extensor
    right_left      = side_right / side_left
    right_extensor  = side_right / extensor
    left_extensor   = side_left / extensor

and checks each against a rule-of-thumb band. The bands are clinical rules of
thumb, not validated risk cut-offs, and every sentence the model writes says
so: a ratio outside a band is a description of today's test, never a
diagnosis. Norm sets and bands are content data (``trunk_norms.yaml``) and are
passed in, so this module does no I/O.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from collections.abc import Mapping, Sequence

import numpy as np

from . import InputError, short_repr

TESTS = ("flexor", "extensor", "side_right", "side_left")
TEST_LABELS = {"flexor": "trunk flexor hold", "extensor": "back extensor hold",
               "side_right": "right side bridge", "side_left": "left side bridge"}
RATIO_LABELS = {"flexor_extensor": "flexor ÷ extensor",
                "right_left": "right ÷ left side bridge",
                "right_extensor": "right side bridge ÷ extensor",
                "left_extensor": "left side bridge ÷ extensor"}
MAX_SECONDS = 20 * 60
"""Longer than any plausible hold: a time above 20 minutes is a typing slip."""

_CLOCK = re.compile(r"^(\d+):([0-5]?\d(?:\.\d+)?)$")
_SECONDS = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(s|sec|secs|second|seconds)?$", re.I)


def parse_time(value, name: str = "time") -> float:
    """Seconds from 95, 95.5, "95", "95 s", "95 sec" or "1:35" (minutes:seconds).

    Raises InputError, with one plain sentence naming `name`, for an empty,
    non-numeric, negative, zero, NaN, infinite or over-20-minute value.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(f"Enter a time for the {name}, for example 95, 95 s or 1:35.")
    if isinstance(value, str) and len(value.strip()) > 20:      # a paste, not a time
        raise InputError(f"The {name} '{value.strip()[:20]}…' is not a time; "
                         "write seconds (95 or 95 s) or minutes:seconds (1:35).")
    if isinstance(value, (bool, np.bool_)):
        raise InputError(f"The {name} must be a time, not {value!r}.")
    if isinstance(value, (int, float, np.integer, np.floating)):
        seconds = float(value) if abs(value) < 1e300 else math.inf
    elif isinstance(value, str):
        text = value.strip().lower()
        clock, plain = _CLOCK.match(text), _SECONDS.match(text)
        if clock:
            seconds = int(clock.group(1)) * 60 + float(clock.group(2))
        elif plain:
            seconds = float(plain.group(1))
        elif text in ("nan", "inf", "-inf", "infinity"):
            seconds = float(text)
        else:
            raise InputError(f"The {name} '{value.strip()}' is not a time; write seconds "
                             "(95 or 95 s) or minutes:seconds (1:35).")
    else:
        raise InputError(f"The {name} must be a time, not {short_repr(value)}.")
    if math.isnan(seconds) or math.isinf(seconds):
        raise InputError(f"The {name} must be a real number of seconds, not "
                         f"{short_repr(value)}.")
    if seconds < 0:
        raise InputError(f"The {name} cannot be negative; got {seconds:g} s.")
    if seconds == 0:
        raise InputError(f"The {name} is 0 s; enter how long you held the position "
                         "(if you could not hold it without pain, do not test it today).")
    if seconds > MAX_SECONDS:
        raise InputError(f"The {name} of {seconds:g} s is over 20 minutes, which is "
                         "almost certainly a typing slip; check the number.")
    return seconds


def parse_times(times: Mapping[str, object]) -> dict[str, float]:
    """All four holds in seconds; a missing one raises InputError."""
    if not isinstance(times, Mapping):
        raise InputError("Give the four times as a mapping such as "
                         "{'flexor': 95, 'extensor': 120, 'side_right': 60, 'side_left': 58}.")
    unknown = [k for k in times if k not in TESTS]
    if unknown:
        raise InputError(f"'{unknown[0]}' is not one of the four tests "
                         f"({', '.join(TESTS)}).")
    for test in TESTS:
        if test not in times:
            raise InputError(f"The {TEST_LABELS[test]} is missing: all four times are "
                             "needed to work out the ratios.")
    return {test: parse_time(times[test], TEST_LABELS[test]) for test in TESTS}


def trunk_ratios(flexor, extensor, side_right, side_left) -> dict[str, np.ndarray | float]:
    """The four ratios. Arguments may be numbers or equal-length arrays of
    seconds (e.g. a series of saved tests); all must be above 0."""
    arrays = []
    for name, value in zip(TESTS, (flexor, extensor, side_right, side_left)):
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"The {TEST_LABELS[name]} must be a number of seconds.") from None
        if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
            raise InputError(f"Every {TEST_LABELS[name]} must be a number of seconds "
                             "above 0.")
        arrays.append(arr)
    try:
        np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        raise InputError("The four series of times must have the same length.") from None
    f, e, r, l_ = arrays
    out = {"flexor_extensor": f / e, "right_left": r / l_,
           "right_extensor": r / e, "left_extensor": l_ / e}
    if all(a.ndim == 0 for a in arrays):
        return {k: float(v) for k, v in out.items()}
    return out


@dataclass(frozen=True)
class RatioCheck:
    """One ratio against its rule-of-thumb band."""

    rule_id: str
    ratio: str
    label: str
    value: float
    low: float | None
    high: float | None
    outside: bool
    sentence: str


@dataclass(frozen=True)
class NormComparison:
    """One of the learner's values next to the same value in the norm set."""

    key: str            # a test ("flexor") or a group ratio ("side_extensor")
    label: str
    yours: float
    reference: float
    sd: float | None    # for per-test times, when the source gives one
    sentence: str


@dataclass(frozen=True)
class TrunkAssessment:
    times: dict[str, float]
    ratios: dict[str, float]
    checks: tuple[RatioCheck, ...]
    norms_id: str
    norms_name: str
    comparisons: tuple[NormComparison, ...]

    @property
    def outside(self) -> tuple[RatioCheck, ...]:
        return tuple(c for c in self.checks if c.outside)

    def summary(self) -> str:
        """One plain paragraph: how many ratios are outside their rule of thumb."""
        n = len(self.outside)
        if n == 0:
            head = "All four ratios are inside their rule-of-thumb bands."
        elif n == 1:
            head = "1 of the four ratios is outside its rule-of-thumb band."
        else:
            head = f"{n} of the four ratios are outside their rule-of-thumb bands."
        return (f"{head} These bands are rules of thumb, not tested risk cut-offs: "
                "they describe today's holds and cannot tell you whether or why your "
                "back hurts.")


_NOT_DIAGNOSIS = ("This is a rule of thumb, not a risk cut-off, and it does not "
                  "explain any back pain.")


def _check(rule, value: float) -> RatioCheck:
    low, high = rule.low, rule.high
    below = low is not None and value < low
    above = high is not None and value > high
    band = rule.band_text()
    if below or above:
        where = "below" if below else "above"
        sentence = (f"{rule.label} is {value:.2f}, {where} the rule-of-thumb band "
                    f"({band}): {rule.meaning}. {_NOT_DIAGNOSIS} A retest on another "
                    "day, or training the shorter hold, is a reasonable next step.")
    else:
        sentence = (f"{rule.label} is {value:.2f}, inside the rule-of-thumb band "
                    f"({band}).")
    return RatioCheck(rule.id, rule.ratio, rule.label, value, low, high,
                      bool(below or above), sentence)


def check_ratios(ratios: Mapping[str, float], rules: Sequence) -> tuple[RatioCheck, ...]:
    """Each rule of thumb (anything with id, ratio, label, low, high, meaning
    and band_text()) applied to the matching ratio."""
    return tuple(_check(rule, float(ratios[rule.ratio])) for rule in rules)


def compare_with_norms(times: Mapping[str, float], norms) -> tuple[NormComparison, ...]:
    """The learner's times and side-bridge ratios next to a norm set (anything
    with ``times`` {test: (mean, sd)} and ``ratios`` {name: value})."""
    out = []
    for test in TESTS:
        ref = norms.times.get(test)
        if ref is None:
            continue
        yours = times[test]
        pct = 100 * yours / ref.mean
        out.append(NormComparison(
            test, TEST_LABELS[test], yours, ref.mean, ref.sd,
            f"Your {TEST_LABELS[test]} of {yours:.0f} s is {pct:.0f}% of the group's "
            f"average ({ref.mean:.0f} s, SD {ref.sd:.0f} s)."))
    side = (times["side_right"] + times["side_left"]) / 2
    for key, denom, text in (("side_extensor", "extensor", "extensor"),
                             ("side_flexor", "flexor", "flexor")):
        ref = norms.ratios.get(key)
        if ref is None:
            continue
        yours = side / times[denom]
        out.append(NormComparison(
            key, f"side bridge ÷ {text}", yours, ref, None,
            f"Your side bridges (average of both sides) lasted {100 * yours:.0f}% of "
            f"your {text} hold; the group's published figure is {100 * ref:.0f}%."))
    return tuple(out)


def assess_trunk(times: Mapping[str, object], norms, rules: Sequence) -> TrunkAssessment:
    """Parse four times, compute the ratios, apply the rules of thumb and
    compare with `norms` (a norm set). Raises InputError for bad times."""
    seconds = parse_times(times)
    ratios = trunk_ratios(*(seconds[t] for t in TESTS))
    return TrunkAssessment(seconds, ratios, check_ratios(ratios, rules), norms.id,
                           norms.name, compare_with_norms(seconds, norms))


def format_seconds(seconds: float) -> str:
    """95 -> '95 s', 135 -> '2:15'."""
    if seconds < 100:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes}:{rest:02d}"


__all__ = ["TESTS", "TEST_LABELS", "RATIO_LABELS", "MAX_SECONDS", "parse_time",
           "parse_times", "trunk_ratios", "check_ratios", "compare_with_norms",
           "assess_trunk", "format_seconds", "RatioCheck", "NormComparison",
           "TrunkAssessment"]
