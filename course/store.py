"""Learner progress, kept in one SQLite file on the learner's own machine.

The file lives in the user's data directory (or in $BACKSAFE_DATA_DIR). Every
write is a short transaction, so two notebooks can record at once. A file that
is not a readable database is moved aside (never deleted) and a fresh one is
started. Any other problem raises StoreUnavailable with one plain sentence.
"""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

ENV_VAR = "BACKSAFE_DATA_DIR"
FILENAME = "progress.sqlite3"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY, lesson TEXT NOT NULL, score REAL NOT NULL,
    max_score INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY, submission_id INTEGER NOT NULL REFERENCES submissions(id),
    lesson TEXT NOT NULL, question TEXT NOT NULL, response TEXT NOT NULL,
    correct INTEGER NOT NULL, score REAL NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS completions (
    lesson TEXT PRIMARY KEY, completed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    lesson TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    saved_at TEXT NOT NULL, PRIMARY KEY (lesson, key));
"""


class StoreUnavailable(Exception):
    """Progress cannot be saved; str(exc) is one sentence for the learner."""


def data_dir() -> Path:
    """Where progress lives: $BACKSAFE_DATA_DIR, else the user data directory."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("backsafe-legday", appauthor=False))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")


def _explain(exc: Exception, path: Path) -> StoreUnavailable:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        why = (f"the progress file {path} is locked by another program; close other "
               "course notebooks or wait a moment, then run the cell again")
    elif "readonly" in text or "read-only" in text or isinstance(exc, PermissionError) \
            or "unable to open" in text:
        why = (f"{path.parent} cannot be written to; set {ENV_VAR} to a folder you "
               "own, or fix that folder's permissions")
    else:
        why = f"the progress file {path} could not be used ({exc})"
    return StoreUnavailable(f"Progress is not being saved: {why}.")


class ProgressStore:
    """Quiz attempts, lesson completions and saved answers for one learner."""

    def __init__(self, path: Path | str | None = None, *, timeout: float = 10.0):
        self.path = Path(path) if path is not None else data_dir() / FILENAME
        self.timeout = timeout
        self.notice: str | None = None  # set when a damaged file was moved aside
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._initialise()
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc):
                raise _explain(exc, self.path) from None
            self._move_aside_and_restart()
        except OSError as exc:
            raise _explain(exc, self.path) from None

    # -- opening ---------------------------------------------------------
    def _initialise(self) -> None:
        with self._transaction() as db:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)
            row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)",
                           (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise StoreUnavailable(
                    f"Progress is not being saved: {self.path} was written by a newer "
                    "version of the course; update the course to keep using it.")

    def _move_aside_and_restart(self) -> None:
        kept = self.path.with_name(f"{self.path.stem}.damaged-{_stamp()}{self.path.suffix}")
        try:
            os.replace(self.path, kept)
            for extra in ("-journal", "-wal", "-shm"):
                side = Path(str(self.path) + extra)
                if side.exists():
                    os.replace(side, Path(str(kept) + extra))
            self._initialise()
        except (OSError, sqlite3.Error) as exc:
            raise _explain(exc, self.path) from None
        self.notice = (f"Your progress file could not be read, so it was kept as {kept} "
                       "and a new one was started.")

    @contextmanager
    def _transaction(self):
        db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    @contextmanager
    def _session(self):
        """A transaction whose sqlite errors become StoreUnavailable."""
        try:
            with self._transaction() as db:
                yield db
        except sqlite3.Error as exc:
            raise _explain(exc, self.path) from None

    # -- writing ---------------------------------------------------------
    def record_quiz(self, lesson: str, grades: Iterable, responses: dict[str, Any],
                    *, complete: bool = False) -> int:
        """Store one checked quiz: a submission plus an attempt per answered question."""
        grades = list(grades)
        now = _now()
        with self._session() as db:
            sub = db.execute(
                "INSERT INTO submissions (lesson, score, max_score, created_at) "
                "VALUES (?, ?, ?, ?)",
                (lesson, sum(g.score for g in grades), len(grades), now)).lastrowid
            db.executemany(
                "INSERT INTO attempts (submission_id, lesson, question, response, "
                "correct, score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(sub, lesson, g.question_id, json.dumps(responses.get(g.question_id)),
                  int(g.correct), g.score, now) for g in grades if g.answered])
            if complete:
                db.execute("INSERT OR IGNORE INTO completions VALUES (?, ?)", (lesson, now))
        return sub

    def mark_complete(self, lesson: str) -> None:
        with self._session() as db:
            db.execute("INSERT OR IGNORE INTO completions VALUES (?, ?)", (lesson, _now()))

    def save_answers(self, lesson: str, key: str, value: Any) -> None:
        """Keep a learner's answers (only when they chose to save them)."""
        with self._session() as db:
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                       (lesson, key, json.dumps(value), _now()))

    def forget_answers(self, lesson: str, key: str) -> None:
        with self._session() as db:
            db.execute("DELETE FROM answers WHERE lesson=? AND key=?", (lesson, key))

    # -- reading ---------------------------------------------------------
    def load_answers(self, lesson: str, key: str) -> Any:
        with self._session() as db:
            row = db.execute("SELECT value FROM answers WHERE lesson=? AND key=?",
                             (lesson, key)).fetchone()
        return None if row is None else json.loads(row[0])

    def best_scores(self) -> dict[str, tuple[float, int]]:
        """Best (score, max_score) per lesson."""
        with self._session() as db:
            rows = db.execute(
                "SELECT lesson, score, max_score FROM submissions "
                "ORDER BY lesson, score * 1.0 / max_score DESC, id DESC").fetchall()
        best: dict[str, tuple[float, int]] = {}
        for lesson, score, max_score in rows:
            best.setdefault(lesson, (score, max_score))
        return best

    def missed_questions(self, lesson: str | None = None) -> list[tuple[str, str]]:
        """(lesson, question) pairs whose most recent attempt was not correct."""
        query = ("SELECT lesson, question, correct FROM attempts a WHERE id = "
                 "(SELECT MAX(id) FROM attempts b WHERE b.lesson = a.lesson "
                 "AND b.question = a.question)")
        args: tuple = ()
        if lesson is not None:
            query += " AND lesson = ?"
            args = (lesson,)
        with self._session() as db:
            rows = db.execute(query + " ORDER BY lesson, question", args).fetchall()
        return [(les, q) for les, q, correct in rows if not correct]

    def completed_lessons(self) -> list[str]:
        with self._session() as db:
            return [r[0] for r in db.execute(
                "SELECT lesson FROM completions ORDER BY completed_at")]

    def last_activity(self) -> datetime | None:
        with self._session() as db:
            row = db.execute(
                "SELECT MAX(t) FROM (SELECT MAX(created_at) t FROM submissions UNION ALL "
                "SELECT MAX(completed_at) FROM completions UNION ALL "
                "SELECT MAX(saved_at) FROM answers)").fetchone()
        return None if row[0] is None else datetime.fromisoformat(row[0])

    def attempt_count(self) -> int:
        with self._session() as db:
            return db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]

    def export(self) -> dict:
        """Everything in the store as plain JSON-ready data."""
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "file": str(self.path)}
        with self._session() as db:
            for table in ("submissions", "attempts", "completions", "answers"):
                cursor = db.execute(f"SELECT * FROM {table} ORDER BY rowid")
                names = [d[0] for d in cursor.description]
                out[table] = [dict(zip(names, row)) for row in cursor]
        for row in out["attempts"]:
            row["response"] = json.loads(row["response"])
        for row in out["answers"]:
            row["value"] = json.loads(row["value"])
        return out

    def reset(self) -> Path:
        """Start afresh; the old file is kept beside it as a backup (returned)."""
        backup = self.path.with_name(f"{self.path.stem}.reset-{_stamp()}{self.path.suffix}")
        try:
            os.replace(self.path, backup)
            self._initialise()
        except (OSError, sqlite3.Error) as exc:
            raise _explain(exc, self.path) from None
        return backup


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return not isinstance(exc, sqlite3.OperationalError) or "malformed" in text \
        or "not a database" in text


def open_store(path: Path | str | None = None) -> ProgressStore:
    """Open the learner's progress store (raises StoreUnavailable)."""
    return ProgressStore(path)


def try_open_store() -> tuple[ProgressStore | None, str | None]:
    """(store, None) when progress can be saved, else (None, plain message)."""
    try:
        store = ProgressStore()
    except StoreUnavailable as exc:
        return None, str(exc)
    return store, store.notice
