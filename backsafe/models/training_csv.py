"""Reading and writing a training log as CSV text (``date,minutes,rpe,note``).

Pure: the widget reads the file or the upload and passes the text here. Each
data row is checked on its own with the training-load model, so one bad row
never stops the good ones; every rejected row is reported with its line
number and the reason.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from . import InputError
from .training_load import MAX_DAY_MINUTES, validate_sessions

COLUMNS = ("date", "minutes", "rpe", "note")
MAX_REJECTED = 100       # rows reported; a file with more is not a training log
MAX_ECHO = 120           # characters of a rejected row or header shown back
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")   # a spreadsheet would run these
_ALIASES = {"day": "date", "duration": "minutes", "session_rpe": "rpe", "srpe": "rpe",
            "notes": "note"}


@dataclass(frozen=True)
class Rejected:
    line: int
    text: str      # the row as it appeared
    reason: str    # one plain sentence


@dataclass(frozen=True)
class CsvImport:
    accepted: tuple[tuple[str, float, float, str], ...]   # (day, minutes, rpe, note)
    rejected: tuple[Rejected, ...]

    def summary(self) -> str:
        n, r = len(self.accepted), len(self.rejected)
        text = f"{n} session{'s' if n != 1 else ''} can be imported"
        if r:
            text += f"; {r} row{'s' if r != 1 else ''} rejected (listed below)"
        return text + "."


def parse_training_csv(text: str, *, today: date | None = None,
                       existing=()) -> CsvImport:
    """Split CSV text into accepted sessions and rejected rows.

    The first line must be a header naming at least ``date``, ``minutes`` and
    ``rpe`` (``note`` is optional; columns may come in any order). Blank lines
    are skipped. A row identical to one in `existing` (rows of
    ``(day, minutes, rpe, note)``) is rejected as already logged, so importing
    the same file twice does not double the load. Raises :class:`InputError`
    only when the text as a whole cannot be used (empty, or no usable header).
    """
    if not isinstance(text, str):
        raise InputError("The CSV must be text.")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("The CSV file is empty; it needs a header line "
                         "'date,minutes,rpe,note' and one line per session.")
    reader = csv.reader(io.StringIO(text))
    try:
        return _parse_rows(reader, today, existing)
    except csv.Error:
        raise InputError(f"Line {reader.line_num} of the CSV cannot be read: a field there "
                         "is over 128 KB long, usually because of a stray double quote; "
                         "fix that line and import again. Nothing was imported.") from None


def _echo(text: str) -> str:
    return text if len(text) <= MAX_ECHO else text[:MAX_ECHO - 1] + "…"


def _parse_rows(reader, today, existing) -> CsvImport:
    header, header_line = None, 0
    for row in reader:
        if any(cell.strip() for cell in row):
            header, header_line = row, reader.line_num
            break
    names = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in (header or [])]
    missing = [c for c in COLUMNS[:3] if c not in names]
    if missing:
        raise InputError(f"The first line of the CSV must name the columns "
                         f"date,minutes,rpe,note; '{_echo(','.join(header or []))}' lacks "
                         f"{', '.join(missing)}.")
    pos = {c: names.index(c) for c in COLUMNS if c in names}
    seen = {(str(d), float(m), float(r), str(n or "")) for d, m, r, n in existing}
    day_minutes: dict[str, float] = {}
    for d, m, _r, _n in existing:
        day_minutes[str(d)] = day_minutes.get(str(d), 0.0) + float(m)
    accepted, rejected = [], []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(rejected) >= MAX_REJECTED:
            raise InputError(f"More than {MAX_REJECTED} rows of this CSV were rejected "
                             f"({rejected[0].reason}); it does not look like a training "
                             "log. Fix the file and import it again; nothing was imported.")
        raw = _echo(",".join(row))
        if len(row) > len(names) and any(c.strip() for c in row[len(names):]):
            rejected.append(Rejected(line, raw, f"Line {line}: this row has {len(row)} "
                                     f"values but the header has {len(names)} columns "
                                     "(put a note with commas in double quotes)."))
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in pos.items()}
        cells["note"] = text_of_cell(cells.get("note", ""))
        try:
            log = validate_sessions([(cells["date"], cells["minutes"] or None,
                                      cells["rpe"] or None, cells.get("note", ""))],
                                    today=today, labels=[f"Line {line}"])
        except InputError as exc:
            rejected.append(Rejected(line, raw, str(exc)))
            continue
        session = (str(log.days[0]), float(log.minutes[0]), float(log.rpe[0]),
                   log.session_notes[0])
        if session in seen:
            rejected.append(Rejected(line, raw, f"Line {line}: this session is already in "
                                     "your log, so it was not added twice."))
            continue
        total = day_minutes.get(session[0], 0.0) + session[1]
        if total > MAX_DAY_MINUTES:
            rejected.append(Rejected(line, raw, f"Line {line}: with this session the "
                                     f"sessions on {session[0]} would add up to more than "
                                     "24 hours; check its minutes."))
            continue
        day_minutes[session[0]] = total
        seen.add(session)
        accepted.append(session)
    if header_line and not accepted and not rejected:
        raise InputError("The CSV has a header but no sessions.")
    return CsvImport(tuple(accepted), tuple(rejected))


def sessions_to_csv(rows) -> str:
    """CSV text (header + one line per session) for rows of
    ``(day, minutes, rpe, note)`` or mappings with those keys."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        if isinstance(row, dict):
            row = (row.get("day", row.get("date")), row["minutes"], row["rpe"],
                   row.get("note") or "")
        day, minutes, rpe, note = (tuple(row) + ("",))[:4]
        writer.writerow([str(day), _exact(minutes), _exact(rpe), safe_cell(note or "")])
    return out.getvalue()


def _exact(value) -> str:
    """The shortest text that reads back as the same number ("45", "45.123456"), so
    a log exported and imported again matches the sessions already saved."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def safe_cell(text: str) -> str:
    """Text a spreadsheet shows as text: one that would start a formula (=, +, -, @)
    gets a leading apostrophe (the usual defence against formula injection)."""
    guarded = text.startswith(FORMULA_START) or (text.startswith("'")
                                                 and text[1:].startswith(FORMULA_START))
    return "'" + text if guarded else text


def text_of_cell(cell: str) -> str:
    """The text `safe_cell` protected: its leading apostrophe removed again."""
    rest = cell[1:]
    return rest if cell.startswith("'") and safe_cell(rest) != rest else cell


__all__ = ["parse_training_csv", "sessions_to_csv", "safe_cell", "CsvImport", "Rejected",
           "COLUMNS"]
