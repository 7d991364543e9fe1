"""Training load from a log of sessions: session-RPE load, weekly load,
monotony, strain and the acute:chronic workload ratio (three ways).

Definitions (lesson 06; evidence notes, section 6)::

    session load (AU)  = session RPE (CR-10, 0-10) x duration (minutes)
    daily load         = sum of that day's session loads (0 on a day off)
    weekly load        = sum of 7 daily loads (weeks counted from the first day)
    monotony           = mean daily load / SD of daily load, over one week
    strain             = weekly load x monotony
    acute load         = sum of the last 7 daily loads
    chronic load       = average weekly load over a longer window

    ratio, rolling coupled    = acute / (sum of the last 28 days / 4)
    ratio, rolling uncoupled  = acute / (sum of the 21 days before those 7 / 3)
    ratio, EWMA               = EWMA(lambda = 2/(7+1)) / EWMA(lambda = 2/(28+1))

The SD for monotony is the population SD of the seven days (divide by 7);
spreadsheets that use STDEV (divide by 6) give a monotony about 7% lower.

"Undefined" is a result, not an error: a week whose seven loads are all equal
has no monotony (SD 0), a ratio needs 28 days of history and a chronic load
above zero. Undefined values are NaN in the arrays, and a reason code says why
(see :data:`REASONS`). Nothing here divides by zero.

Everything is NumPy-vectorised: five years of daily sessions take a few ms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ..content.markup import plural
from . import InputError, short_repr

MAX_MINUTES = 600.0          # 10 hours
MAX_DAY_MINUTES = 24 * 60    # all sessions of one day together
MAX_DAY_LOAD = MAX_DAY_MINUTES * 10.0   # AU: a whole day at RPE 10
MAX_LOG_DAYS = 3653          # a log covers at most ten years
EARLIEST_DAY = np.datetime64("1990-01-01", "D")
MAX_NOTE_CHARS = 300
RPE_MIN, RPE_MAX = 0.0, 10.0
ACUTE_DAYS, CHRONIC_DAYS = 7, 28
METHODS = ("coupled", "uncoupled", "ewma")
METHOD_NAMES = {
    "coupled": "rolling 7/28 days (coupled)",
    "uncoupled": "rolling 7/21 days (uncoupled)",
    "ewma": "exponentially weighted (EWMA)",
}
SWEET_SPOT = (0.8, 1.3)
"""The proposed 'sweet spot' (Gabbett 2016): contested, not a safe zone."""
DANGER_ZONE = 1.5
"""The proposed 'danger zone' starts here (Gabbett 2016): contested."""

# Reason codes for undefined values.
OK, SHORT_HISTORY, ZERO_CHRONIC, EQUAL_LOADS, NO_PREVIOUS, ZERO_PREVIOUS, PARTIAL = range(7)
REASONS = {
    OK: "",
    SHORT_HISTORY: "fewer than 28 days of history",
    ZERO_CHRONIC: "the chronic load is zero",
    EQUAL_LOADS: "all seven days have the same load, so the SD is zero",
    NO_PREVIOUS: "there is no previous week",
    ZERO_PREVIOUS: "the previous week's load was zero",
    PARTIAL: "the week is not complete yet",
}

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class SessionLog:
    """Validated sessions, sorted by day (a stable sort keeps same-day order).

    ``rows`` maps each sorted session back to its position in the input;
    ``notes`` are plain sentences about what was changed or allowed (sorting,
    same-day sessions added together, gaps of a week or more)."""

    days: np.ndarray      # datetime64[D]
    minutes: np.ndarray   # float
    rpe: np.ndarray       # float
    session_notes: tuple[str, ...]
    rows: np.ndarray      # int, input positions
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.days)

    @property
    def loads(self) -> np.ndarray:
        """Session loads (AU) = RPE x minutes."""
        return self.rpe * self.minutes


def session_load(minutes, rpe):
    """Session-RPE load in arbitrary units: RPE (0-10) x minutes."""
    m = _numbers([minutes] if np.ndim(minutes) == 0 else minutes, "duration", None)
    r = _numbers([rpe] if np.ndim(rpe) == 0 else rpe, "RPE", None)
    _check_values(m, r, None)
    out = r * m
    return float(out[0]) if np.ndim(minutes) == 0 and np.ndim(rpe) == 0 else out


# -- validation -------------------------------------------------------------

def _label(labels, i: int) -> str:
    """'Row 3' by position, or the caller's own label (e.g. 'Line 5')."""
    if labels is None:
        return f"Row {i + 1}"
    return labels[i] if isinstance(labels[i], str) else f"Row {labels[i]}"


def _numbers(values: Sequence, what: str, labels) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
        if arr.ndim == 1 and np.all(np.isfinite(arr)) and not any(
                isinstance(v, (bool, np.bool_)) for v in values[:1]):
            return arr
    except (TypeError, ValueError, OverflowError):
        pass
    for i, v in enumerate(values):   # slow path: find the first bad row
        if v is None or (isinstance(v, str) and not v.strip()):
            raise InputError(f"{_label(labels, i)}: the {what} is missing.")
        try:
            if isinstance(v, (bool, np.bool_)):
                raise ValueError
            x = float(v)
        except (TypeError, ValueError, OverflowError):
            unit = "a number of minutes" if what == "duration" else "a number from 0 to 10"
            raise InputError(f"{_label(labels, i)}: the {what} must be {unit}, "
                             f"not {short_repr(v)}.") from None
        if not np.isfinite(x):
            raise InputError(f"{_label(labels, i)}: the {what} must be a finite number, "
                             f"not {short_repr(v)}.")
    raise InputError(f"The {what} values must be a flat list of numbers.")


def _check_values(minutes: np.ndarray, rpe: np.ndarray, labels) -> None:
    bad = np.flatnonzero((rpe < RPE_MIN) | (rpe > RPE_MAX))
    if bad.size:
        i = int(bad[0])
        raise InputError(f"{_label(labels, i)}: the RPE must be between 0 and 10 on the "
                         f"CR-10 scale; got {rpe[i]:g}.")
    bad = np.flatnonzero(minutes <= 0)
    if bad.size:
        i = int(bad[0])
        raise InputError(f"{_label(labels, i)}: the duration must be more than 0 minutes; "
                         f"got {minutes[i]:g}.")
    bad = np.flatnonzero(minutes > MAX_MINUTES)
    if bad.size:
        i = int(bad[0])
        raise InputError(f"{_label(labels, i)}: the duration must be 10 hours (600 minutes) "
                         f"or less; got {minutes[i]:g}.")


def _check_day_totals(days: np.ndarray, minutes: np.ndarray) -> None:
    """All sessions of one day together fit in the day's 24 hours."""
    unique, where = np.unique(days, return_inverse=True)
    totals = np.bincount(where.ravel(), weights=minutes, minlength=len(unique))
    bad = np.flatnonzero(totals > MAX_DAY_MINUTES)
    if bad.size:
        check_day_total(unique[bad[0]], totals[bad[0]])


def check_day_total(day, total_minutes: float) -> None:
    """All sessions of `day` together (`total_minutes`) fit in its 24 hours; raises
    InputError otherwise."""
    if total_minutes > MAX_DAY_MINUTES:
        raise InputError(f"The sessions on {day} add up to {total_minutes / 60:.0f} hours, "
                         "more than the 24 hours in a day; check their minutes.")


def parse_day(value, label: str = "The date") -> np.datetime64:
    """One date (a ``date`` or 'YYYY-MM-DD' text) as datetime64[D]."""
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]")
    if isinstance(value, date):
        return np.datetime64(value.isoformat(), "D") if not hasattr(value, "hour") \
            else np.datetime64(value.date().isoformat(), "D")
    text = value.strip() if isinstance(value, str) else None
    if text is not None and _ISO.match(text):
        try:
            return np.datetime64(date.fromisoformat(text).isoformat(), "D")
        except ValueError:
            pass
    raise InputError(f"{label}: the date {value!r} cannot be read; write it as "
                     "YYYY-MM-DD, for example 2026-11-27.")


def _days(values: Sequence, labels) -> np.ndarray:
    if all(isinstance(v, str) and len(v) == 10 for v in values):
        try:
            arr = np.array(values, dtype="datetime64[D]")
            if not np.any(np.isnat(arr)) and all(_ISO.match(v) for v in values):
                return arr
        except ValueError:
            pass
    return np.array([parse_day(v, _label(labels, i)) for i, v in enumerate(values)],
                    dtype="datetime64[D]")


def _columns(rows) -> tuple[list, list, list, list]:
    days, minutes, rpe, notes = [], [], [], []
    for i, row in enumerate(rows):
        if isinstance(row, dict) or (not isinstance(row, (tuple, list))
                                     and isinstance(row, Mapping)):   # typing's check is slow
            day = row.get("day", row.get("date"))
            days.append(day)
            minutes.append(row.get("minutes"))
            rpe.append(row.get("rpe"))
            notes.append(row.get("note") or "")
        elif isinstance(row, (tuple, list)) and len(row) in (3, 4):
            days.append(row[0])
            minutes.append(row[1])
            rpe.append(row[2])
            notes.append(row[3] if len(row) == 4 and row[3] else "")
        else:
            raise InputError(f"Row {i + 1}: a session needs a date, minutes and an RPE.")
    return days, minutes, rpe, notes


def validate_sessions(rows: Iterable, *, today: date | None = None,
                      labels: Sequence | None = None) -> SessionLog:
    """Check sessions and sort them by day.

    Each row is a mapping with ``day`` (or ``date``), ``minutes``, ``rpe`` and
    optional ``note``, or a tuple ``(day, minutes, rpe[, note])``. ``labels``
    names the rows in messages (default: 1, 2, 3, ...; the CSV reader passes
    line numbers). Raises :class:`InputError` naming the first bad row.
    """
    rows = list(rows)
    if not rows:
        raise InputError("There are no sessions yet; add at least one session.")
    if labels is not None and len(labels) != len(rows):
        raise InputError("Give one label for every row.")
    days_in, minutes_in, rpe_in, notes_in = _columns(rows)
    days = _days(days_in, labels)
    minutes = _numbers(minutes_in, "duration", labels)
    rpe = _numbers(rpe_in, "RPE", labels)
    _check_values(minutes, rpe, labels)
    limit = np.datetime64((today or date.today()).isoformat(), "D")
    bad = np.flatnonzero(days > limit)
    if bad.size:
        i = int(bad[0])
        raise InputError(f"{_label(labels, i)}: the date {days[i]} is in the future; log only "
                         "sessions you have done.")
    bad = np.flatnonzero(days < EARLIEST_DAY)
    if bad.size:
        i = int(bad[0])
        raise InputError(f"{_label(labels, i)}: the date {days[i]} is before "
                         f"{EARLIEST_DAY}; check the year.")
    if int((days.max() - days.min()).astype(int)) > MAX_LOG_DAYS:
        raise InputError(f"The log runs from {days.min()} to {days.max()}, more than ten "
                         "years; keep the sessions of the last ten years.")
    for i, note in enumerate(notes_in):
        if not isinstance(note, str) or len(note) > MAX_NOTE_CHARS:
            raise InputError(f"{_label(labels, i)}: a note must be text of at most "
                             f"{MAX_NOTE_CHARS} characters; shorten it.")
    _check_day_totals(days, minutes)

    notes = []
    order = np.argsort(days, kind="stable")
    if np.any(order != np.arange(len(order))):
        notes.append("The sessions were not in date order, so they were sorted by date.")
    days, minutes, rpe = days[order], minutes[order], rpe[order]
    same = np.flatnonzero(days[1:] == days[:-1])
    if same.size:
        unique = np.unique(days[same + 1])
        shown = ", ".join(str(d) for d in unique[:3]) + (", ..." if len(unique) > 3 else "")
        notes.append(f"{len(unique)} day{'s' if len(unique) > 1 else ''} "
                     f"{'have' if len(unique) > 1 else 'has'} more than one session "
                     f"({shown}); their loads were added together.")
    gaps = np.flatnonzero(np.diff(days).astype(int) > 7)
    for g in gaps[:3]:
        weeks = (int((days[g + 1] - days[g]).astype(int)) - 1) / 7
        notes.append(f"There is a gap of {weeks:.0f} week{'s' if round(weeks) != 1 else ''} "
                     f"with no sessions between {days[g]} and {days[g + 1]}; those days "
                     "count as zero load.")
    if gaps.size > 3:
        notes.append(f"... and {gaps.size - 3} more gaps of over a week.")
    return SessionLog(days, minutes, rpe, tuple(str(notes_in[i]) for i in order), order,
                      tuple(notes))


# -- loads --------------------------------------------------------------------

@dataclass(frozen=True)
class Weekly:
    """Per-week values; weeks are 7-day blocks from the log's first day."""

    start: np.ndarray       # datetime64[D], first day of each week
    load: np.ndarray        # AU
    change: np.ndarray      # fraction vs previous week (NaN: see change_reason)
    change_reason: np.ndarray
    monotony: np.ndarray    # NaN: see monotony_reason
    monotony_reason: np.ndarray
    strain: np.ndarray      # NaN where monotony is
    complete: np.ndarray    # bool


@dataclass(frozen=True)
class Ratio:
    """An acute:chronic ratio for every day (NaN where undefined)."""

    method: str
    acute: np.ndarray       # AU per week
    chronic: np.ndarray     # AU per week
    value: np.ndarray
    reason: np.ndarray

    def describe(self, i: int = -1) -> str:
        """The ratio on day i in words, or why it is undefined."""
        if self.reason[i] != OK:
            return f"undefined ({REASONS[int(self.reason[i])]})"
        return f"{self.value[i]:.2f}"


@dataclass(frozen=True)
class TrainingLoad:
    """Everything the lesson computes from one log."""

    log: SessionLog
    days: np.ndarray        # datetime64[D], every day from first to end
    daily: np.ndarray       # AU per day, zero on days off
    weekly: Weekly
    ratios: dict = field(default_factory=dict)   # method -> Ratio

    def ratio(self, method: str = "coupled") -> Ratio:
        if method not in self.ratios:
            raise InputError(f"Unknown ratio method {method!r}; use one of "
                             f"{', '.join(METHODS)}.")
        return self.ratios[method]


def daily_load(log: SessionLog, end=None) -> tuple[np.ndarray, np.ndarray]:
    """(days, loads): one value per calendar day from the first session to
    `end` (default: the last session), same-day sessions added, 0 on days off."""
    start = log.days[0]
    last = log.days[-1] if end is None else max(parse_day(end), log.days[-1])
    n = int((last - start).astype(int)) + 1
    offsets = (log.days - start).astype(int)
    loads = np.bincount(offsets, weights=log.loads, minlength=n)
    return start + np.arange(n), loads


def weekly_load(days: np.ndarray, daily: np.ndarray) -> Weekly:
    """Weekly load, week-to-week change, monotony and strain."""
    n_weeks = -(-len(daily) // 7)
    padded = np.zeros(n_weeks * 7)
    padded[:len(daily)] = daily
    blocks = padded.reshape(n_weeks, 7)
    complete = np.ones(n_weeks, bool)
    complete[-1] = len(daily) % 7 == 0
    load = blocks.sum(axis=1)
    mean = blocks.mean(axis=1)
    sd = blocks.std(axis=1)
    ok_m = complete & (sd > 1e-12 * np.maximum(mean, 1.0))
    monotony = np.full(n_weeks, np.nan)
    np.divide(mean, sd, out=monotony, where=ok_m)
    m_reason = np.where(complete, np.where(ok_m, OK, EQUAL_LOADS), PARTIAL)
    strain = load * monotony
    prev = np.concatenate(([np.nan], load[:-1]))
    ok_c = np.isfinite(prev) & (prev > 0) & complete
    change = np.full(n_weeks, np.nan)
    np.divide(load - prev, prev, out=change, where=ok_c)
    c_reason = np.where(~complete, PARTIAL,
                        np.where(~np.isfinite(prev), NO_PREVIOUS,
                                 np.where(prev > 0, OK, ZERO_PREVIOUS)))
    return Weekly(days[::7], load, change, c_reason, monotony, m_reason.astype(np.int8),
                  strain, complete)


def _window_sum(x: np.ndarray, width: int) -> np.ndarray:
    """Sum of the `width` values ending at each index (fewer at the start)."""
    c = np.concatenate(([0.0], np.cumsum(x)))
    idx = np.arange(1, len(x) + 1)
    return c[idx] - c[np.maximum(idx - width, 0)]


def _ratio(method: str, acute: np.ndarray, chronic: np.ndarray) -> Ratio:
    n = len(acute)
    reason = np.full(n, OK, np.int8)
    reason[:CHRONIC_DAYS - 1] = SHORT_HISTORY
    reason[(reason == OK) & ~(chronic > 1e-9)] = ZERO_CHRONIC
    value = np.full(n, np.nan)
    np.divide(acute, chronic, out=value, where=reason == OK)
    return Ratio(method, acute, chronic, value, reason)


def ewma(x: np.ndarray, span_days: int) -> np.ndarray:
    """Exponentially weighted moving average, lambda = 2 / (span + 1), starting
    from 0 before the first day (Williams et al. 2017). Vectorised in blocks."""
    lam = 2.0 / (span_days + 1)
    keep = 1.0 - lam
    out = np.empty(len(x))
    block = 128                       # keep**-block stays far from overflow
    powers = keep ** np.arange(block)
    inverse = 1.0 / powers
    state = 0.0
    for s in range(0, len(x), block):
        chunk = x[s:s + block]
        k = len(chunk)
        acc = np.cumsum(chunk * inverse[:k]) * powers[:k] * lam
        out[s:s + k] = acc + state * keep * powers[:k]
        state = out[s + k - 1]
    return out


def acute_chronic(daily: np.ndarray) -> dict:
    """The ratio computed three ways, for every day."""
    acute = _window_sum(daily, ACUTE_DAYS)
    coupled = _window_sum(daily, CHRONIC_DAYS) / 4.0
    uncoupled = (_window_sum(daily, CHRONIC_DAYS) - acute) / 3.0
    # EWMA of daily loads, scaled to a week so acute and chronic share a unit.
    a_ew, c_ew = ewma(daily, ACUTE_DAYS) * 7, ewma(daily, CHRONIC_DAYS) * 7
    return {"coupled": _ratio("coupled", acute, coupled),
            "uncoupled": _ratio("uncoupled", acute, uncoupled),
            "ewma": _ratio("ewma", a_ew, c_ew)}


def training_load(sessions, *, today: date | None = None, end=None) -> TrainingLoad:
    """Validate `sessions` (rows or a :class:`SessionLog`) and compute everything."""
    log = sessions if isinstance(sessions, SessionLog) else validate_sessions(
        sessions, today=today)
    days, daily = daily_load(log, end)
    return TrainingLoad(log, days, daily, weekly_load(days, daily), acute_chronic(daily))


# -- the critique ---------------------------------------------------------------

@dataclass(frozen=True)
class MadeUpComparison:
    """The real ratio beside the same acute loads over a made-up chronic load."""

    kind: str
    real: Ratio
    made_up: np.ndarray        # ratio with the invented chronic load (NaN where real is)
    made_up_chronic: np.ndarray
    flagged_real: int          # days at or above DANGER_ZONE, real ratio
    flagged_made_up: int
    flagged_both: int
    correlation: float         # NaN if fewer than 3 defined days

    def describe(self) -> str:
        if not np.isfinite(self.made_up).any():
            return ("The ratio is undefined for this log (it needs 28 days of history and a "
                    "chronic load above zero), so there is nothing to compare yet.")
        if self.flagged_real == 0 and self.flagged_made_up == 0:
            spikes = ("Neither version reaches the proposed danger zone here, but the two "
                      "curves still rise and fall together")
        else:
            spikes = (f"The real ratio reaches {DANGER_ZONE:g} or more on {self.flagged_real} "
                      f"day{'s' if self.flagged_real != 1 else ''}, the made-up one on "
                      f"{self.flagged_made_up}, and {self.flagged_both} of those days are "
                      "the same")
        corr = ("" if not np.isfinite(self.correlation) else
                f" (correlation {self.correlation:.2f})")
        return (f"{spikes}{corr}: the 'spikes' come from the acute week on top, not from "
                "the chronic load underneath.")


def made_up_chronic(real: Ratio, kind: str = "constant", seed: int = 0) -> MadeUpComparison:
    """Divide the same acute loads by an invented chronic load.

    ``constant``: the average of the real chronic load over the defined days;
    ``random``: a chronic load drawn at random (seeded) for each week,
    uniformly between the real chronic load's lowest and highest values.
    This is the idea behind Lolli et al. (2019) and Impellizzeri et al.
    (2020): if invented denominators give similar 'spikes', the ratio's link
    with injury says little about the chronic load.
    """
    if kind not in ("constant", "random"):
        raise InputError(f"Unknown made-up chronic load {kind!r}; use constant or random.")
    ok = real.reason == OK
    fake_chronic = np.full(len(real.value), np.nan)
    if ok.any():
        c = real.chronic[ok]
        if kind == "constant":
            fake_chronic[ok] = c.mean()
        else:
            rng = np.random.default_rng(seed)
            weeks = np.arange(len(real.value)) // 7
            draws = rng.uniform(c.min(), c.max(), weeks[-1] + 1)
            fake_chronic[ok] = draws[weeks[ok]]
    made_up = np.full(len(real.value), np.nan)
    np.divide(real.acute, fake_chronic, out=made_up,
              where=ok & (np.nan_to_num(fake_chronic) > 1e-9))
    r_flag = ok & (np.nan_to_num(real.value) >= DANGER_ZONE)
    f_flag = ok & (np.nan_to_num(made_up) >= DANGER_ZONE)
    both = np.isfinite(made_up) & ok
    corr = float("nan")
    if both.sum() >= 3 and np.std(real.value[both]) > 0 and np.std(made_up[both]) > 0:
        corr = float(np.corrcoef(real.value[both], made_up[both])[0, 1])
    return MadeUpComparison(kind, real, made_up, fake_chronic, int(r_flag.sum()),
                            int(f_flag.sum()), int((r_flag & f_flag).sum()), corr)


def coupled_from_uncoupled(uncoupled):
    """The coupled ratio is a fixed function of the uncoupled one:
    ``4 / (1 + 3 / uncoupled)``. It can never exceed 4, and it squeezes big
    spikes: the 'mathematical coupling' of Lolli et al. (2019)."""
    u = np.asarray(uncoupled, dtype=float)
    return 4.0 / (1.0 + 3.0 / u)


def describe_week(tl: TrainingLoad, week: int = -1) -> str:
    """One plain sentence about one week (default: the last complete week)."""
    w = tl.weekly
    if week == -1:
        done = np.flatnonzero(w.complete)
        if not done.size:
            return (f"The log covers {plural(len(tl.daily), 'day')}, less than one full week, "
                    f"so there is no weekly load yet (so far {tl.daily.sum():,.0f} AU).")
        week = int(done[-1])
    parts = [f"Week {week + 1} (from {w.start[week]}): load {w.load[week]:,.0f} AU"]
    if w.change_reason[week] == OK:
        parts.append(f"{w.change[week]:+.0%} on the week before")
    else:
        parts.append(f"change undefined ({REASONS[int(w.change_reason[week])]})")
    if w.monotony_reason[week] == OK:
        parts.append(f"monotony {w.monotony[week]:.2f}, strain {w.strain[week]:,.0f} AU")
    else:
        parts.append(f"monotony and strain undefined "
                     f"({REASONS[int(w.monotony_reason[week])]})")
    return ", ".join(parts) + "."


def week_table(rows) -> dict:
    """Hand-check helper for the practice task: 7 daily loads -> the numbers."""
    try:
        loads = np.asarray(rows, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise InputError("Each daily load must be a number of AU, such as 300 (not "
                         f"{short_repr(rows)}).") from None
    if loads.shape != (7,):
        raise InputError("Give exactly seven daily loads, one for each day of the week.")
    if np.any(loads < 0) or not np.all(np.isfinite(loads)):
        raise InputError("Daily loads must be zero or more.")
    if np.any(loads > MAX_DAY_LOAD):
        raise InputError(f"A day's load cannot be more than {MAX_DAY_LOAD:,.0f} AU (24 "
                         "hours at RPE 10); check the numbers.")
    days = np.datetime64("2000-01-03") + np.arange(7)
    w = weekly_load(days, loads)
    return {"load": float(w.load[0]), "mean": float(loads.mean()), "sd": float(loads.std()),
            "monotony": float(w.monotony[0]), "strain": float(w.strain[0]),
            "monotony_note": REASONS[int(w.monotony_reason[0])]}


__all__ = ["SessionLog", "Weekly", "Ratio", "TrainingLoad", "MadeUpComparison",
           "session_load", "validate_sessions", "parse_day", "daily_load", "weekly_load",
           "ewma", "acute_chronic", "training_load", "made_up_chronic",
           "coupled_from_uncoupled", "describe_week", "week_table", "METHODS",
           "METHOD_NAMES", "SWEET_SPOT", "DANGER_ZONE", "REASONS", "MAX_MINUTES",
           "MAX_DAY_MINUTES", "MAX_NOTE_CHARS", "check_day_total"]
