"""Learner progress, kept in one SQLite file on the learner's own machine.

The file lives in the user's data directory (or in $BACKSAFE_DATA_DIR). Every
write is a short transaction, so two notebooks can record at once. A file that
is not a readable database is moved aside (never deleted) and a fresh one is
started. A file made by an older version of the course is migrated forward,
one step at a time, inside one transaction: every row is kept.

A file that another program holds locked is *busy*, not broken: a checked quiz
waits in memory and is written with the next write, or by `flush()`, once the
file is free. It is also written at once to a small journal beside the file
(`progress.sqlite3.pending/`, one JSON file per check), so a kernel that is
restarted or killed meanwhile loses nothing: the next store to open the file
merges the journal. Anything else that makes the file unusable raises
StoreUnavailable with one plain sentence.
"""
from __future__ import annotations

import atexit
import errno
import json
import os
import shutil
import sqlite3
import threading
import weakref
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Mapping

from . import checked_files

ENV_VAR = "BACKSAFE_DATA_DIR"
CACHE_ENV_VAR = "BACKSAFE_CACHE_DIR"
FILENAME = "progress.sqlite3"
JOURNAL_SUFFIX = ".pending"     # folder beside the progress file: checks made while busy
# Set by `make app` for its kernels: one shared app server must not mix its
# visitors' progress in one file, so in app mode nothing is recorded.
APP_MODE_VAR = "BACKSAFE_APP_MODE"
APP_MODE_NOTICE = ("This is a shared app: nothing you enter is saved. To keep your "
                   "progress, run the course in your own JupyterLab (make lab).")
APP_MODE_FILES = ("This is a shared app, so it reads and writes no files on the server. To "
                  "save or import files, run the course in your own JupyterLab (make lab).")

# Step n moves a file from schema version n-1 to n. A released step is never
# edited: a change to the schema is a new step at the end (and a test that
# migrates a file made by the previous version).
MIGRATIONS: tuple[str, ...] = (
    # 1: quizzes, completions, and answers the learner chose to keep
    """
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
        saved_at TEXT NOT NULL, PRIMARY KEY (lesson, key))
    """,
    # 2: indexes and a per-question summary for the progress queries (kept by a
    #    trigger, so every way of adding an attempt updates it); trunk-endurance
    #    tests; training log
    """
    CREATE INDEX IF NOT EXISTS attempts_by_question ON attempts (lesson, question, id);
    CREATE INDEX IF NOT EXISTS attempts_by_submission ON attempts (submission_id);
    CREATE INDEX IF NOT EXISTS submissions_by_lesson ON submissions (lesson);
    CREATE INDEX IF NOT EXISTS submissions_by_time ON submissions (created_at);
    ALTER TABLE submissions ADD COLUMN kind TEXT NOT NULL DEFAULT 'quiz';
    CREATE TABLE IF NOT EXISTS question_status (
        lesson TEXT NOT NULL, question TEXT NOT NULL, attempts INTEGER NOT NULL,
        last_id INTEGER NOT NULL, last_correct INTEGER NOT NULL, last_at TEXT NOT NULL,
        streak INTEGER NOT NULL, PRIMARY KEY (lesson, question));
    INSERT OR IGNORE INTO question_status
        SELECT a.lesson, a.question, COUNT(*), MAX(a.id), 0, '', SUM(a.id > COALESCE(
            (SELECT MAX(w.id) FROM attempts w WHERE w.lesson = a.lesson
             AND w.question = a.question AND NOT w.correct), 0))
        FROM attempts a GROUP BY a.lesson, a.question;
    UPDATE question_status SET
        last_correct = (SELECT correct FROM attempts WHERE id = last_id),
        last_at = (SELECT created_at FROM attempts WHERE id = last_id);
    CREATE TABLE IF NOT EXISTS lesson_status (
        lesson TEXT PRIMARY KEY, best_score REAL NOT NULL, best_max INTEGER NOT NULL,
        submissions INTEGER NOT NULL, last_at TEXT NOT NULL);
    INSERT OR IGNORE INTO lesson_status
        SELECT lesson, score, max_score, 0, '' FROM (
            SELECT lesson, score, max_score, ROW_NUMBER() OVER (PARTITION BY lesson
                ORDER BY score * 1.0 / max_score DESC, id DESC) AS rank
            FROM submissions WHERE max_score > 0 AND kind = 'quiz') WHERE rank = 1;
    UPDATE lesson_status SET
        submissions = (SELECT COUNT(*) FROM submissions s
                       WHERE s.lesson = lesson_status.lesson AND s.kind = 'quiz'),
        last_at = (SELECT MAX(created_at) FROM submissions s
                   WHERE s.lesson = lesson_status.lesson AND s.kind = 'quiz');
    CREATE TRIGGER IF NOT EXISTS submissions_keep_status AFTER INSERT ON submissions
    WHEN NEW.max_score > 0 AND NEW.kind = 'quiz' BEGIN
        INSERT INTO lesson_status VALUES (NEW.lesson, NEW.score, NEW.max_score, 1,
            NEW.created_at)
        ON CONFLICT (lesson) DO UPDATE SET submissions = submissions + 1,
            last_at = NEW.created_at,
            best_score = CASE WHEN NEW.score * 1.0 / NEW.max_score >= best_score * 1.0 /
                best_max THEN NEW.score ELSE best_score END,
            best_max = CASE WHEN NEW.score * 1.0 / NEW.max_score >= best_score * 1.0 /
                best_max THEN NEW.max_score ELSE best_max END;
    END;
    CREATE TRIGGER IF NOT EXISTS attempts_keep_status AFTER INSERT ON attempts BEGIN
        INSERT INTO question_status VALUES (NEW.lesson, NEW.question, 1, NEW.id,
            NEW.correct, NEW.created_at, NEW.correct <> 0)
        ON CONFLICT (lesson, question) DO UPDATE SET attempts = attempts + 1,
            last_id = NEW.id, last_correct = NEW.correct, last_at = NEW.created_at,
            streak = CASE WHEN NEW.correct THEN streak + 1 ELSE 0 END;
    END;
    CREATE TABLE IF NOT EXISTS trunk_tests (
        id INTEGER PRIMARY KEY, tested_on TEXT NOT NULL, flexor REAL NOT NULL,
        extensor REAL NOT NULL, side_right REAL NOT NULL, side_left REAL NOT NULL,
        norms TEXT NOT NULL, saved_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS training_sessions (
        id INTEGER PRIMARY KEY, day TEXT NOT NULL, minutes REAL NOT NULL,
        rpe REAL NOT NULL, note TEXT NOT NULL DEFAULT '', saved_at TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS training_sessions_by_day ON training_sessions (day, id)
    """,
    # 3: predictions (kind 'predict') are kept, but never enter the per-question
    #    summary, so they count in no score, dashboard or review queue
    """
    DROP TRIGGER IF EXISTS attempts_keep_status;
    CREATE TRIGGER attempts_keep_status AFTER INSERT ON attempts
    WHEN NOT EXISTS (SELECT 1 FROM submissions s WHERE s.id = NEW.submission_id
                     AND s.kind = 'predict') BEGIN
        INSERT INTO question_status VALUES (NEW.lesson, NEW.question, 1, NEW.id,
            NEW.correct, NEW.created_at, NEW.correct <> 0)
        ON CONFLICT (lesson, question) DO UPDATE SET attempts = attempts + 1,
            last_id = NEW.id, last_correct = NEW.correct, last_at = NEW.created_at,
            streak = CASE WHEN NEW.correct THEN streak + 1 ELSE 0 END;
    END
    """,
    # 4: spaced review as learners expect. Pre- and post-test answers (and
    #    predictions) never enter the per-question summary, so never the review.
    #    A right answer moves a question up a step only when it comes at most 8
    #    hours before the step is due (1, 3, 7, 14, 30 days after `step_at`, as
    #    models.INTERVALS_DAYS has them); an earlier one, such as a retry straight
    #    after the answer was shown, is practice and leaves the schedule alone.
    #    The summary is rebuilt by replaying every attempt through the new
    #    trigger, in order, so old histories follow the new rules too.
    """
    ALTER TABLE question_status ADD COLUMN step_at TEXT NOT NULL DEFAULT '';
    DROP TRIGGER IF EXISTS attempts_keep_status;
    CREATE TRIGGER attempts_keep_status AFTER INSERT ON attempts
    WHEN (SELECT s.kind FROM submissions s WHERE s.id = NEW.submission_id)
         NOT IN ('pre', 'post', 'predict') BEGIN
        INSERT INTO question_status (lesson, question, attempts, last_id, last_correct,
            last_at, streak, step_at)
        VALUES (NEW.lesson, NEW.question, 1, NEW.id, NEW.correct, NEW.created_at,
            NEW.correct <> 0, NEW.created_at)
        ON CONFLICT (lesson, question) DO UPDATE SET attempts = attempts + 1,
            last_id = NEW.id, last_correct = NEW.correct, last_at = NEW.created_at,
            streak = CASE WHEN NOT NEW.correct THEN 0
                WHEN attempts = streak OR julianday(NEW.created_at) >= julianday(step_at)
                    + CASE streak WHEN 0 THEN 1 WHEN 1 THEN 3 WHEN 2 THEN 7 WHEN 3 THEN 14
                      ELSE 30 END - 8.0 / 24 THEN streak + 1
                ELSE streak END,
            step_at = CASE WHEN NOT NEW.correct OR attempts = streak
                OR julianday(NEW.created_at) >= julianday(step_at)
                    + CASE streak WHEN 0 THEN 1 WHEN 1 THEN 3 WHEN 2 THEN 7 WHEN 3 THEN 14
                      ELSE 30 END - 8.0 / 24 THEN NEW.created_at
                ELSE step_at END;
    END;
    DELETE FROM question_status;
    CREATE TEMP TABLE replay AS SELECT * FROM attempts;
    DELETE FROM attempts;
    INSERT INTO attempts SELECT * FROM replay ORDER BY id;
    DROP TABLE temp.replay
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
TABLES = ("submissions", "attempts", "completions", "answers", "trunk_tests",
          "training_sessions")          # what an export holds (summaries are derived)
TRUNK_TESTS = ("flexor", "extensor", "side_right", "side_left")
# "check": a short check between sections; "predict": a prediction before an
# explorer (kept for the learner, never scored, shared or reviewed).
KINDS = ("quiz", "review", "final", "pre", "post", "check", "predict")

_checked: set[Path] = set()   # files whose integrity was checked in this process
_suspect: set[Path] = set()   # files that failed as damaged while open: check fully
_waiting: weakref.WeakSet[ProgressStore] = weakref.WeakSet()   # with unsaved checks


@atexit.register
def _flush_at_exit() -> None:
    """A kernel or script that ends while the file is busy waits a little longer
    for it rather than drop the checks it still holds."""
    for store in list(_waiting):
        try:
            store.flush(timeout=10.0)
        except StoreUnavailable:
            pass


class StoreUnavailable(Exception):
    """Progress cannot be saved; str(exc) is one sentence for the learner."""


class StoreBusy(StoreUnavailable):
    """A passing problem (another program holds the file locked, or the disk is
    full): checked quizzes wait, and trying again later may work."""


class StoreFull(StoreBusy):
    """The disk that holds the progress file is full."""


def folder_setting(var: str) -> Path | None:
    """The folder an environment variable names, or None when it is unset: the one
    rule for every folder setting. Always absolute (a relative setting is taken
    from the folder the course was started in, the same for every lesson and the
    command line); a `~user` that does not exist raises StoreUnavailable."""
    override = os.environ.get(var, "").strip()
    if not override:
        return None
    try:
        folder = Path(override).expanduser()
    except RuntimeError:
        raise StoreUnavailable(
            f"Progress is not being saved: {var} is set to {override[:200]!r}, whose home "
            "folder does not exist; set it to a folder that exists, such as "
            "~/backsafe-progress.") from None
    return Path(os.path.abspath(_start_dir() / folder))


def _start_dir() -> Path:
    """The folder the course was started from: $PWD, which a notebook's kernel
    inherits from the shell that ran `make lab` (its working folder is the
    notebook's), else the working folder."""
    pwd = os.environ.get("PWD", "")
    if os.path.isabs(pwd) and os.path.isdir(pwd):
        return Path(pwd)
    return Path(os.getcwd())


def data_dir() -> Path:
    """Where progress lives: $BACKSAFE_DATA_DIR, else the user data directory
    (raises StoreUnavailable when the setting cannot be used)."""
    folder = folder_setting(ENV_VAR)
    if folder is not None:
        return folder
    from platformdirs import user_data_dir

    return Path(user_data_dir("backsafe-legday", appauthor=False))


def save_folder() -> str:
    """The folder a widget offers for files the learner saves (cards, plans): the
    data folder, or the working folder when $BACKSAFE_DATA_DIR cannot be used (the
    folder box shows it, so nothing is written anywhere unseen)."""
    try:
        return str(data_dir())
    except StoreUnavailable:
        return os.getcwd()


def cache_dir() -> Path | None:
    """Where drawn figures are kept: $BACKSAFE_CACHE_DIR, else the user cache
    directory. Never the data folder, which holds only the learner's own data.
    None when the setting cannot be used (figures are then drawn, not kept)."""
    try:
        folder = folder_setting(CACHE_ENV_VAR)
    except StoreUnavailable:
        return None
    if folder is not None:
        return folder
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("backsafe-legday", appauthor=False)) / "figures"


@lru_cache(maxsize=1)
def drop_old_figure_cache() -> None:
    """Remove (once per process) the figure cache that versions before 0.2 kept in
    the data folder."""
    if not app_mode():
        try:
            shutil.rmtree(data_dir() / "figure-cache", ignore_errors=True)
        except StoreUnavailable:
            pass


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")


def _is_busy(exc: Exception) -> bool:
    """Locked by another program, or moved away (reset) while this write waited for
    the lock: trying again, on the file now at the path, may work."""
    if getattr(exc, "sqlite_errorcode", None) == getattr(sqlite3, "SQLITE_READONLY_DBMOVED",
                                                         1032):
        return True
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _explain(exc: Exception, path: Path,
             prefix: str = "Progress is not being saved") -> StoreUnavailable:
    text = str(exc).lower()
    if _is_busy(exc):
        return StoreBusy(
            f"{prefix} yet: the progress file {path} is locked by another program; close "
            "other course notebooks or wait a moment.")
    if "disk is full" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return StoreFull(
            f"{prefix} yet: the disk that holds {path} is full; free some space (your "
            "answers on screen are kept until then).")
    if _is_folder(path):
        why = (f"{path} is a folder, not a progress file; move that folder away or set "
               f"{ENV_VAR} to another folder")
    elif "readonly" in text or "read-only" in text or isinstance(exc, PermissionError) \
            or "unable to open" in text:
        why = (f"you cannot read and write the progress file {path} itself (its folder "
               "is fine); give it back read and write permission, for example with "
               f"'chmod u+rw {path}', and your progress in it is kept"
               if _file_locked_down(path) else
               f"{path.parent} cannot be written to; set {ENV_VAR} to a folder you "
               "own, or fix that folder's permissions")
    elif isinstance(exc, sqlite3.DatabaseError) and ("malformed" in text
                                                     or "not a database" in text):
        why = (f"the progress file {path} is damaged ({exc}); run this cell again, and "
               "the course will repair it, or keep it as a backup and start a new one")
    elif isinstance(exc, OSError) and exc.strerror:
        why = f"{path} could not be used ({exc.strerror.lower()})"
    else:
        why = f"the progress file {path} could not be used ({exc})"
    return StoreUnavailable(f"{prefix}: {why}.")


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:                      # a name too long to look up, say
        return False


def _file_locked_down(path: Path) -> bool:
    """The progress file exists in a folder we may write, but we may not read and
    write the file itself."""
    try:
        return (path.is_file() and os.access(path.parent, os.W_OK | os.X_OK)
                and not os.access(path, os.R_OK | os.W_OK))
    except OSError:
        return False


def _read_version(db: sqlite3.Connection, path: Path) -> int:
    """The file's schema version; 0 for a new, empty file."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
                  ).fetchone() is None:
        return 0
    row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    if row is None:
        return 0
    try:
        return int(str(row[0]).strip())
    except ValueError:
        raise StoreUnavailable(
            f"Progress is not being saved: {path} has a version mark this course cannot "
            f"read ({str(row[0])[:20]!r}); run 'python -m backsafe progress reset --yes' "
            "to start afresh (the old file is kept as a backup).") from None


def _statements(script: str) -> list[str]:
    """Split a script into statements (a trigger body holds ';' of its own)."""
    out, part = [], ""
    for piece in script.split(";"):
        part += piece + ";"
        if sqlite3.complete_statement(part):
            if part.strip(" \n;"):
                out.append(part.strip())
            part = ""
    return out


def migrate(db: sqlite3.Connection, path: Path) -> int:
    """Bring an open file up to SCHEMA_VERSION, inside the caller's transaction."""
    version = _read_version(db, path)
    if version > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"Progress is not being saved: {path} was written by a newer version of "
            "the course; update the course to keep using it.")
    for step in range(version, SCHEMA_VERSION):
        for statement in _statements(MIGRATIONS[step]):
            db.execute(statement)
    if version != SCHEMA_VERSION:
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                   (str(SCHEMA_VERSION),))
    return version


class _QuizRecord:
    """One checked quiz, ready to write (kept in memory while the file is busy).

    A question id written "lesson/question" (a quiz that mixes lessons) is
    recorded as an attempt at that lesson's question.
    """

    def __init__(self, lesson: str, grades: list, responses: Mapping[str, Any],
                 complete: bool, kind: str):
        if kind not in KINDS:
            raise ValueError(f"Unknown kind of quiz '{kind}'; use one of {', '.join(KINDS)}.")
        self.lesson, self.complete, self.kind, self.at = lesson, complete, kind, _now()
        self.score = sum(g.score for g in grades)
        self.max_score = len(grades)
        self.rows = [(*self._where(g.question_id), json.dumps(responses.get(g.question_id)),
                      int(g.correct), g.score) for g in grades if g.answered]
        self.journal: Path | None = None    # its file in the journal, once written there

    def as_dict(self) -> dict:
        return {"lesson": self.lesson, "complete": self.complete, "kind": self.kind,
                "at": self.at, "score": self.score, "max_score": self.max_score,
                "rows": self.rows}

    @classmethod
    def from_dict(cls, data: dict) -> _QuizRecord:
        """A record read back from the journal (raises ValueError if malformed)."""
        record = cls.__new__(cls)
        try:
            record.lesson, record.kind, record.at = (str(data["lesson"]), data["kind"],
                                                     str(data["at"]))
            record.complete = bool(data["complete"])
            record.score, record.max_score = float(data["score"]), int(data["max_score"])
            record.rows = [(str(les), str(q), str(r), int(c), float(sc))
                           for les, q, r, c, sc in data["rows"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a checked quiz ({exc})") from None
        if record.kind not in KINDS:
            raise ValueError(f"unknown kind {record.kind!r}")
        record.journal = None
        return record

    def _where(self, question_id: str) -> tuple[str, str]:
        lesson, sep, question = question_id.partition("/")
        return (lesson, question) if sep else (self.lesson, question_id)

    def write(self, db: sqlite3.Connection) -> int:
        sub = db.execute(
            "INSERT INTO submissions (lesson, score, max_score, created_at, kind) "
            "VALUES (?, ?, ?, ?, ?)",
            (self.lesson, self.score, self.max_score, self.at, self.kind)).lastrowid
        db.executemany(
            "INSERT INTO attempts (submission_id, lesson, question, response, correct, "
            "score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(sub, les, q, r, c, s, self.at) for les, q, r, c, s in self.rows])
        if self.complete:
            db.execute("INSERT OR IGNORE INTO completions VALUES (?, ?)",
                       (self.lesson, self.at))
        return sub


class ProgressStore:
    """Quiz attempts, completions, saved answers, trunk tests and the training log."""

    def __init__(self, path: Path | str | None = None, *, timeout: float = 1.0,
                 read_only: bool = False):
        self.path = Path(path) if path is not None else data_dir() / FILENAME
        self.timeout = timeout        # seconds to wait for a lock: never freeze a lesson
        self.read_only = read_only    # change nothing: no migration, no moving aside
        self.notice: str | None = None  # set when a damaged file was moved aside
        self._pending: list[_QuizRecord] = []
        self.waiting_because: StoreBusy | None = None   # why checks wait, if they do
        self._lock = threading.Lock()
        self._ready = False
        if read_only:
            self._open_read_only()
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._initialise()
            self.flush()              # checks a busy file kept in the journal
        except StoreBusy:
            pass                      # opened later, by the first write that gets through
        except (sqlite3.DatabaseError, OSError) as exc:
            if isinstance(exc, sqlite3.DatabaseError) and _is_corrupt(exc):
                self._move_aside_and_restart()
                return
            problem = _explain(exc, self.path)
            if not isinstance(problem, StoreBusy):      # locked or full: passes
                raise problem from None

    # -- opening ---------------------------------------------------------
    def _initialise(self) -> None:
        if self.path.is_dir():
            raise _explain(IsADirectoryError(str(self.path)), self.path)
        with self._transaction() as db:
            # A file as this course left it (checked_files) was checked and written
            # since: it needs neither the check nor the test write.
            known = checked_files.is_known(self.path)
            if self.path in _suspect:
                self._check_thoroughly(db)
            elif self.path not in _checked and not known:
                if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("database disk image is malformed")
            migrate(db, self.path)
            if not known:
                # A real write, so a file we can read but not write is found now,
                # not when the learner first presses Check.
                db.execute("INSERT OR REPLACE INTO meta VALUES ('opened_at', ?)", (_now(),))
        _checked.add(self.path)
        self._ready = True

    def _check_thoroughly(self, db: sqlite3.Connection) -> None:
        """A file that failed while open: a full integrity check (quick_check does not
        look inside indexes). Damaged indexes are rebuilt from the tables, which
        keeps every row; any other damage raises, and the file is moved aside."""
        def intact() -> bool:
            return db.execute("PRAGMA integrity_check(1)").fetchone()[0] == "ok"

        if not intact():
            db.execute("REINDEX")
            if not intact():
                raise sqlite3.DatabaseError("database disk image is malformed")
            self.notice = ("Your progress file was damaged in its indexes; they were "
                           "rebuilt from your saved answers, and nothing was lost.")
        _suspect.discard(self.path)

    def _open_read_only(self) -> None:
        if not self.path.exists():
            raise StoreUnavailable(f"There is no progress file at {self.path} yet: nothing "
                                   "has been saved.")
        try:
            with self._transaction(write=False) as db:
                if _read_version(db, self.path) > SCHEMA_VERSION:
                    raise StoreUnavailable(
                        f"{self.path} was written by a newer version of the course; update "
                        "the course to read it.")
                self._tables = {r[0] for r in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.Error as exc:
            if _is_busy(exc) or not _is_corrupt(exc):
                raise _explain(exc, self.path, "The progress file cannot be read") from None
            raise StoreUnavailable(
                f"The progress file {self.path} is damaged and cannot be read; the "
                "lessons will keep it aside and start a new one when they next open "
                "it.") from None
        self._ready = True

    def intact(self) -> bool:
        """True when SQLite's quick check finds nothing wrong with the file (a file
        that fails it would be moved aside by a writable store)."""
        try:
            with self._transaction(write=False) as db:
                return db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.Error:
            return False

    def _move_aside_and_restart(self) -> None:
        kept = self.path.with_name(f"{self.path.stem}.damaged-{_stamp()}{self.path.suffix}")
        try:
            _move_with_sidecars(self.path, kept)
            self._initialise()
        except (OSError, sqlite3.Error) as exc:
            raise _explain(exc, self.path) from None
        self.notice = (f"Your progress file could not be read, so it was kept as {kept} "
                       "and a new one was started.")

    @contextmanager
    def _transaction(self, write: bool = True):
        if self.read_only:
            if write:
                raise sqlite3.OperationalError("attempt to write a readonly database")
            db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                 timeout=self.timeout, isolation_level=None)
        else:
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield db
            except BaseException:
                if db.in_transaction:    # SQLite has already rolled back a full disk
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            wrote = db.total_changes > 0
        finally:
            db.close()
        if write and wrote:     # only checked files are written: no new check needed
            checked_files.remember(self.path)

    @contextmanager
    def _session(self, write: bool = True):
        """A transaction whose sqlite errors become StoreUnavailable (or StoreBusy)."""
        try:
            if not self._ready:
                self._initialise()
            with self._transaction(write) as db:
                yield db
        except sqlite3.Error as exc:
            if isinstance(exc, sqlite3.DatabaseError) and _is_corrupt(exc):
                # Damaged while open: the next open checks it again, finds the
                # damage and keeps the file as a backup before starting a new one.
                checked_files.forget(self.path)
                _checked.discard(self.path)
                _suspect.add(self.path)
                self._ready = self.read_only      # a read-only store cannot reopen
            raise _explain(exc, self.path) from None
        except OSError as exc:
            raise _explain(exc, self.path) from None

    # -- quizzes -----------------------------------------------------------
    def record_quiz(self, lesson: str, grades: Iterable, responses: Mapping[str, Any],
                    *, complete: bool = False, kind: str = "quiz") -> int | None:
        """Store one checked quiz: a submission plus an attempt per answered question.

        `kind` is "quiz" (a lesson's own quiz: it counts for the best score),
        "review" (spaced review), "final" (the final assessment), "pre"/"post" (the
        course's pre- and post-test), "check" (a short check between sections) or
        "predict" (a prediction before an explorer: kept, never scored, shared or
        reviewed; see migration 3). Question ids written "lesson/question"
        record attempts at other lessons' questions (a mixed quiz).

        Returns the submission id, or None when the file is busy: the quiz then
        waits in memory (see `waiting`) and is written by the next write or
        `flush()`. Raises StoreUnavailable only when the file is unusable.
        """
        with self._lock:
            self._pending.append(_QuizRecord(lesson, list(grades), responses, complete,
                                             kind))
        ids = self.flush()
        return ids[-1] if ids else None

    @property
    def waiting(self) -> int:
        """Checked quizzes kept in memory because the file was busy."""
        return len(self._pending)

    def flush(self, timeout: float | None = None) -> list[int]:
        """Write every waiting quiz, and any left in the journal by a program that
        ended while the file was busy, in one transaction; [] if it is still busy
        (the waiting checks are then in the journal)."""
        with self._lock:
            folder = journal_folder(self.path)
            if not self._pending and not folder.is_dir():
                return []
            saved, self.timeout = self.timeout, timeout or self.timeout
            try:
                with self._session() as db:
                    ids, merged = _merge_journal(db, folder)
                    ids += [record.write(db) for record in self._pending
                            if record.journal is None]
            except StoreBusy as exc:              # locked, or the disk is full
                self.waiting_because = exc
                self._journal_pending(folder)
                _waiting.add(self)          # tried again when the program ends
                return []
            except StoreUnavailable:
                self._journal_pending(folder)   # a damaged file: the next one adds them
                raise
            finally:
                self.timeout = saved
            for done in merged:
                done.unlink(missing_ok=True)
            self._pending.clear()
            return ids

    def _journal_pending(self, folder: Path) -> None:
        """Write each waiting check not yet in the journal there (best effort: one
        that cannot be written still waits in memory)."""
        from .files import WriteFailed, write_atomically

        for record in self._pending:
            if record.journal is not None:
                continue
            target = folder / f"{_stamp()}-{os.getpid()}-{id(record):x}.json"
            try:
                folder.mkdir(exist_ok=True)
                write_atomically(target, lambda fh, r=record: json.dump(r.as_dict(), fh))
            except (WriteFailed, OSError):
                continue
            record.journal = target

    def mark_complete(self, lesson: str) -> None:
        with self._session() as db:
            db.execute("INSERT OR IGNORE INTO completions VALUES (?, ?)", (lesson, _now()))

    def forget_lesson(self, lesson: str) -> int:
        """Remove one lesson's quiz attempts, completion and saved answers (the learner
        asked to start that lesson afresh); returns the number of rows removed."""
        with self._session() as db:
            removed = db.execute("DELETE FROM attempts WHERE lesson=?", (lesson,)).rowcount
            removed += db.execute(
                "DELETE FROM submissions WHERE lesson=? AND NOT EXISTS (SELECT 1 FROM "
                "attempts a WHERE a.submission_id = submissions.id)", (lesson,)).rowcount
            for table in ("completions", "answers", "question_status", "lesson_status"):
                removed += db.execute(f"DELETE FROM {table} WHERE lesson=?",
                                      (lesson,)).rowcount
        return removed

    # -- answers the learner chose to keep ----------------------------------
    def save_answers(self, lesson: str, key: str, value: Any) -> None:
        """Keep a learner's answers (only when they chose to save them)."""
        with self._session() as db:
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                       (lesson, key, json.dumps(value), _now()))

    def forget_answers(self, lesson: str, key: str) -> None:
        with self._session() as db:
            db.execute("DELETE FROM answers WHERE lesson=? AND key=?", (lesson, key))

    def load_answers(self, lesson: str, key: str) -> Any:
        """The saved value, or None when there is none or it cannot be read."""
        with self._session(write=False) as db:
            row = db.execute("SELECT value FROM answers WHERE lesson=? AND key=?",
                             (lesson, key)).fetchone()
        return None if row is None else _json_or_none(row[0])

    def answers_saved_at(self, lesson: str, key: str) -> str | None:
        """When the answers were last saved (ISO text, UTC), or None."""
        with self._session(write=False) as db:
            row = db.execute("SELECT saved_at FROM answers WHERE lesson=? AND key=?",
                             (lesson, key)).fetchone()
        return None if row is None else row[0]

    # -- trunk-endurance tests (lesson 03) -----------------------------------
    def save_trunk_test(self, times: Mapping[str, float], *, norms: str,
                        tested_on: str, replaces: int | None = None) -> int:
        """Keep one test (seconds per hold) with its date and the norm set used;
        `replaces` is the id of a test it updates, removed in the same transaction
        (so a failed save never loses the old one)."""
        missing = [name for name in TRUNK_TESTS if name not in times]
        if missing:
            raise ValueError(f"A trunk test needs all four times; missing {missing[0]}.")
        values = [float(times[name]) for name in TRUNK_TESTS]
        with self._session() as db:
            if replaces is not None:
                db.execute("DELETE FROM trunk_tests WHERE id=?", (int(replaces),))
            return db.execute(
                "INSERT INTO trunk_tests (tested_on, flexor, extensor, side_right, "
                "side_left, norms, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (str(tested_on), *values, str(norms), _now())).lastrowid

    def trunk_tests(self) -> list[dict]:
        """Saved tests, oldest first (rows that cannot be read are skipped)."""
        return self._rows("SELECT id, tested_on, flexor, extensor, side_right, side_left, "
                          "norms, saved_at FROM trunk_tests ORDER BY tested_on, id",
                          numbers=TRUNK_TESTS)

    def delete_trunk_test(self, test_id: int) -> None:
        with self._session() as db:
            db.execute("DELETE FROM trunk_tests WHERE id=?", (int(test_id),))

    # -- training log (lesson 06) ---------------------------------------------
    def add_sessions(self, rows: Iterable[tuple]) -> list[int]:
        """Add (day, minutes, rpe, note) rows in one transaction: all or none."""
        now = _now()
        prepared = [(str(day), float(minutes), float(rpe), str(note or ""), now)
                    for day, minutes, rpe, note in rows]
        with self._session() as db:
            return [db.execute("INSERT INTO training_sessions (day, minutes, rpe, note, "
                               "saved_at) VALUES (?, ?, ?, ?, ?)", row).lastrowid
                    for row in prepared]

    def add_session(self, day: str, minutes: float, rpe: float, note: str = "") -> int:
        return self.add_sessions([(day, minutes, rpe, note)])[0]

    def update_session(self, session_id: int, day: str, minutes: float, rpe: float,
                       note: str = "") -> None:
        with self._session() as db:
            db.execute("UPDATE training_sessions SET day=?, minutes=?, rpe=?, note=?, "
                       "saved_at=? WHERE id=?", (str(day), float(minutes), float(rpe),
                                                 str(note or ""), _now(), int(session_id)))

    def delete_session(self, session_id: int) -> None:
        with self._session() as db:
            db.execute("DELETE FROM training_sessions WHERE id=?", (int(session_id),))

    def sessions(self) -> list[dict]:
        """The training log by day (rows that cannot be read are skipped)."""
        return self._rows("SELECT id, day, minutes, rpe, note, saved_at "
                          "FROM training_sessions ORDER BY day, id",
                          numbers=("minutes", "rpe"))

    def _rows(self, query: str, numbers: tuple[str, ...]) -> list[dict]:
        with self._session(write=False) as db:
            cursor = db.execute(query)
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, row)) for row in cursor]
        return [r for r in rows if all(isinstance(r[n], (int, float)) for n in numbers)]

    # -- progress queries ---------------------------------------------------
    def best_scores(self) -> dict[str, tuple[float, int]]:
        """Best (score, max_score) per lesson."""
        with self._session(write=False) as db:
            rows = db.execute("SELECT lesson, best_score, best_max FROM lesson_status "
                              "ORDER BY lesson").fetchall()
        return {lesson: (score, max_score) for lesson, score, max_score in rows}

    def lesson_header(self, lesson: str, now: datetime,
                      intervals_days: tuple[int, ...]) -> tuple[float | None, int, int]:
        """(best score, its maximum, questions due for review) for one lesson, in one
        query; the best score is None before the lesson's quiz was first checked.

        A question is due as `models.review.schedule` has it: missed at some point,
        `streak` spaced right answers since, and `intervals_days[streak]` days gone by
        since the step began (`step_at`).
        """
        steps = " ".join(f"WHEN {n} THEN {d}" for n, d in enumerate(intervals_days))
        with self._session(write=False) as db:
            row = db.execute(
                "SELECT (SELECT best_score FROM lesson_status WHERE lesson = :l), "
                "(SELECT best_max FROM lesson_status WHERE lesson = :l), "
                "(SELECT COUNT(*) FROM question_status WHERE lesson = :l "
                "AND attempts > streak AND streak < :n "
                f"AND julianday(step_at) + CASE streak {steps} END <= julianday(:now))",
                {"l": lesson, "n": len(intervals_days),
                 "now": now.isoformat()}).fetchone()
        return row[0], row[1] or 0, row[2]

    def missed_questions(self, lesson: str | None = None) -> list[tuple[str, str]]:
        """(lesson, question) pairs whose most recent attempt was not correct."""
        where, args = ("AND lesson = ? ", (lesson,)) if lesson is not None else ("", ())
        with self._session(write=False) as db:
            return [tuple(r) for r in db.execute(
                f"SELECT lesson, question FROM question_status WHERE NOT last_correct {where}"
                "ORDER BY lesson, question", args)]

    def question_status(self) -> list[dict]:
        """Per question: attempts, last result and time, the spaced right answers since
        the last miss (`streak`) and when the current review step began (`step_at`);
        for review schedules. Pre/post-test answers and predictions are not in it."""
        return self._rows("SELECT lesson, question, attempts, last_correct, last_at, streak, "
                          "step_at FROM question_status ORDER BY lesson, question",
                          numbers=("attempts", "streak"))

    def completed_lessons(self) -> list[str]:
        with self._session(write=False) as db:
            return [r[0] for r in db.execute(
                "SELECT lesson FROM completions ORDER BY completed_at")]

    def last_activity(self) -> datetime | None:
        with self._session(write=False) as db:
            row = db.execute(
                "SELECT MAX(t) FROM (SELECT MAX(created_at) t FROM submissions UNION ALL "
                "SELECT MAX(completed_at) FROM completions UNION ALL "
                "SELECT MAX(saved_at) FROM answers)").fetchone()
        try:
            return None if row[0] is None else datetime.fromisoformat(row[0])
        except (TypeError, ValueError):
            return None

    def attempt_count(self) -> int:
        with self._session(write=False) as db:
            return db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]

    def latest_submission(self, kind: str, of: str | None = None) -> dict | None:
        """The most recent checked quiz of `kind` (id, lesson, kind, score, max_score,
        created_at), or None when there is none. With `of`, only a quiz holding an
        answer to a question of that lesson or namespace (e.g. "pre-post")."""
        if kind not in KINDS:
            raise ValueError(f"Unknown kind of quiz '{kind}'; use one of {', '.join(KINDS)}.")
        where, args = ("", (kind,)) if of is None else (
            "AND EXISTS (SELECT 1 FROM attempts a WHERE a.submission_id = submissions.id "
            "AND a.lesson = ?) ", (kind, of))
        with self._session(write=False) as db:
            column = self._kind_column(db)
            row = db.execute(
                f"SELECT id, lesson, {column}, score, max_score, created_at "
                f"FROM submissions WHERE {column} = ? AND max_score > 0 {where}"
                "ORDER BY created_at DESC, id DESC LIMIT 1", args).fetchone()
        if row is None:
            return None
        return dict(zip(("id", "lesson", "kind", "score", "max_score", "created_at"), row))

    def quiz_responses(self) -> list[dict]:
        """Every answered question of every kind but predictions, oldest first:
        lesson, question, kind, response (decoded from JSON; rows that cannot be read
        are skipped) and created_at."""
        with self._session(write=False) as db:
            rows = db.execute(
                f"SELECT a.lesson, a.question, {self._kind_column(db, 's')}, a.response, "
                "a.created_at FROM attempts a JOIN submissions s ON s.id = a.submission_id "
                f"WHERE {self._kind_column(db, 's')} <> 'predict' ORDER BY a.id").fetchall()
        out = []
        for lesson, question, kind, response, at in rows:
            try:
                value = json.loads(response)
            except (TypeError, ValueError):
                continue
            out.append({"lesson": lesson, "question": question, "kind": kind,
                        "response": value, "created_at": at})
        return out

    @staticmethod
    def _kind_column(db: sqlite3.Connection, table: str = "") -> str:
        """The submissions' kind; a version-1 file, read without migrating, has none
        (every quiz it holds is a lesson quiz)."""
        columns = {row[1] for row in db.execute("PRAGMA table_info(submissions)")}
        return (f"{table}." if table else "") + "kind" if "kind" in columns else "'quiz'"

    def learner_id(self, *, create: bool = True) -> str | None:
        """A random id for this progress file (kept in `meta`), made the first time it
        is asked for; None when there is none yet and `create` is False."""
        with self._session(write=False) as db:
            row = db.execute("SELECT value FROM meta WHERE key='learner_id'").fetchone()
        if row is not None or not create:
            return None if row is None else str(row[0])
        from uuid import uuid4

        with self._session() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('learner_id', ?)", (uuid4().hex,))
            return str(db.execute("SELECT value FROM meta WHERE key='learner_id'"
                                  ).fetchone()[0])

    # -- export and reset ---------------------------------------------------
    def export(self) -> dict:
        """Everything in the store as plain JSON-ready data (small stores)."""
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "file": str(self.path)}
        skipped = 0
        for table, rows, bad in self._export_tables():
            out[table] = list(rows)
            skipped += bad()
        out["unreadable_rows"] = skipped
        return out

    def export_to(self, fh) -> int:
        """Stream everything as JSON to a text file; returns rows left out as unreadable."""
        skipped = 0
        fh.write(f'{{\n  "schema_version": {SCHEMA_VERSION},\n  '
                 f'"file": {json.dumps(str(self.path))}')
        for table, rows, bad in self._export_tables():
            fh.write(f',\n  "{table}": [')
            for n, row in enumerate(rows):
                fh.write(("," if n else "") + "\n    " + json.dumps(row, ensure_ascii=False))
            fh.write("\n  ]")
            skipped += bad()
        fh.write(f',\n  "unreadable_rows": {skipped}\n}}\n')
        return skipped

    def _export_tables(self):
        """(table, row iterator, count of skipped rows) for every table."""
        decode = {"attempts": "response", "answers": "value"}
        present = getattr(self, "_tables", TABLES)   # a read-only v1 file lacks new tables
        for table in (t for t in TABLES if t in present):
            skipped = [0]

            def rows(table=table, skipped=skipped):
                with self._session(write=False) as db:
                    cursor = db.execute(f"SELECT * FROM {table} ORDER BY rowid")
                    names = [d[0] for d in cursor.description]
                    for values in cursor:
                        row = dict(zip(names, values))
                        column = decode.get(table)
                        if column is not None:
                            try:
                                row[column] = json.loads(row[column])
                            except (TypeError, ValueError):
                                skipped[0] += 1
                                continue
                        yield row

            yield table, rows(), lambda skipped=skipped: skipped[0]

    def reset(self) -> Path:
        """Start afresh; the old file is kept beside it as a backup (returned).

        All or nothing: if the new file cannot be made, the old one is put back.
        """
        return reset_file(self.path)


def journal_folder(path: Path) -> Path:
    """The folder beside a progress file that holds checks made while it was busy."""
    return path.with_name(path.name + JOURNAL_SUFFIX)


def _merge_journal(db: sqlite3.Connection, folder: Path) -> tuple[list[int], list[Path]]:
    """Write the journal's checks inside the caller's transaction: (submission ids,
    files to remove after the commit). Each file's name is kept in `meta`, so a
    check is never written twice, even if its file outlives the commit."""
    ids, merged = [], []
    try:
        files = sorted(folder.glob("*.json"))
    except OSError:
        return ids, merged
    for file in files:
        mark = f"journal:{file.name}"
        if db.execute("SELECT 1 FROM meta WHERE key=?", (mark,)).fetchone() is None:
            try:
                record = _QuizRecord.from_dict(json.loads(file.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue                 # half-written or foreign: left where it is
            ids.append(record.write(db))
            db.execute("INSERT INTO meta VALUES (?, ?)", (mark, _now()))
        merged.append(file)
    return ids, merged


def reset_file(path: Path) -> Path:
    """Move a progress file aside as a backup and start a new one (see reset)."""
    backup = path.with_name(f"{path.stem}.reset-{_stamp()}{path.suffix}")
    if path.is_dir():
        raise _explain(IsADirectoryError(str(path)), path, "Progress was not reset")
    with _writers_kept_out(path):
        try:
            _move_with_sidecars(path, backup, pending=True)
        except OSError as exc:
            raise _explain(exc, path) from None
    try:
        ProgressStore(path)
    except StoreUnavailable as exc:
        try:
            path.unlink(missing_ok=True)
            _move_with_sidecars(backup, path, pending=True)
            kept = f"your progress is unchanged in {path}"
        except OSError:
            kept = f"your old progress is kept in {backup}"
        raise StoreUnavailable(f"Progress was not reset: a new progress file could not be "
                               f"made, and {kept}. ({exc})") from None
    return backup


@contextmanager
def _writers_kept_out(path: Path, timeout: float = 2.0):
    """Hold the file's exclusive lock (when it is a database) so that no other
    program is half-way through writing to it; StoreBusy if one is."""
    db = None
    try:
        if path.is_file():               # connect would make a missing file
            db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            db.execute("BEGIN EXCLUSIVE")
    except sqlite3.Error as exc:
        if _is_busy(exc):
            if db is not None:
                db.close()
            raise _explain(exc, path, "Progress was not reset") from None
        # A damaged file cannot be locked; it is moved aside all the same.
    try:
        yield
    finally:
        if db is not None:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.close()


def _move_with_sidecars(src: Path, dst: Path, *, pending: bool = False) -> None:
    """Move a database file and its journal files (if any) together; with
    `pending`, also the checks it kept while busy (they belong to its history)."""
    os.replace(src, dst)
    for extra in ("-journal", "-wal", "-shm") + ((JOURNAL_SUFFIX,) if pending else ()):
        side = Path(str(src) + extra)
        if side.exists():
            os.replace(side, Path(str(dst) + extra))


def _json_or_none(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return not isinstance(exc, sqlite3.OperationalError) or "malformed" in text \
        or "not a database" in text


def open_store(path: Path | str | None = None) -> ProgressStore:
    """Open the learner's progress store (raises StoreUnavailable)."""
    return ProgressStore(path)


def app_mode() -> bool:
    """True in a shared app (`make app`), where nothing is recorded."""
    return os.environ.get(APP_MODE_VAR, "").strip() not in ("", "0")


_OPEN: dict[Path, tuple[ProgressStore, tuple[int, int]]] = {}


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def try_open_store() -> tuple[ProgressStore | None, str | None]:
    """(store, None) when progress can be saved, else (None, plain message).

    The widgets of a kernel share one store per progress file while that file
    is still there: opening a store checks the file and writes to it, and a
    lesson has a dozen widgets that save."""
    if app_mode():
        return None, APP_MODE_NOTICE
    try:
        path = data_dir() / FILENAME
        kept = _OPEN.get(path)
        if kept is not None and kept[0]._ready and kept[1] == _identity(path):
            return kept[0], None
        store = ProgressStore(path)
    except StoreUnavailable as exc:
        return None, str(exc)
    identity = _identity(path)
    if store._ready and identity is not None:
        _OPEN[path] = (store, identity)
    return store, store.notice
