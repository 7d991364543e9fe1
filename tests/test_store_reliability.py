"""The progress store under stress: a killed kernel, a full disk, odd data folders."""
import errno
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from backsafe import store as store_module
from backsafe.store import (ENV_VAR, FILENAME, ProgressStore, StoreFull, StoreUnavailable,
                            data_dir, journal_folder, reset_file)

from .test_store_schema import Lock, g


def checked_while_locked(path):
    """A store that checked one quiz while another program held the file locked."""
    store = ProgressStore(path, timeout=0.1)
    lock = Lock(path)
    try:
        assert store.record_quiz("core", [g("a", True)], {"a": 1}) is None
    finally:
        lock.release()
    return store


def attempts(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT lesson, question, response FROM attempts "
                          "ORDER BY id").fetchall()


# -- pending checks survive a killed kernel ------------------------------------------

def test_checks_waiting_on_a_locked_file_survive_a_killed_process(tmp_path):
    path = tmp_path / FILENAME
    ProgressStore(path)
    lock = Lock(path)
    code = textwrap.dedent(f"""
        import time
        from types import SimpleNamespace as S
        from backsafe.store import ProgressStore
        store = ProgressStore({str(path)!r}, timeout=0.1)
        for n in range(2):
            grade = S(question_id="q%d" % n, correct=True, answered=True, score=1.0)
            assert store.record_quiz("anatomy", [grade], {{"q%d" % n: n}}) is None
        print("waiting", store.waiting, flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "waiting 2"
        os.kill(proc.pid, signal.SIGKILL)          # like Jupyter ending a kernel: no atexit
        assert proc.wait(timeout=30) == -signal.SIGKILL
        assert len(list(journal_folder(path).glob("*.json"))) == 2
    finally:
        lock.release()
    assert attempts(path) == []                   # nothing reached the file itself
    store = ProgressStore(path)                   # the next kernel to start merges them
    assert attempts(path) == [("anatomy", "q0", "0"), ("anatomy", "q1", "1")]
    assert store.attempt_count() == 2
    assert list(journal_folder(path).glob("*.json")) == []
    ProgressStore(path).flush()
    assert store.attempt_count() == 2             # never merged twice


def test_a_check_merged_by_another_store_is_not_written_again(tmp_path):
    path = tmp_path / FILENAME
    mine = checked_while_locked(path)
    other = ProgressStore(path)                   # merges the journal on opening
    assert other.attempt_count() == 1
    mine.flush()
    assert mine.waiting == 0 and mine.attempt_count() == 1


def test_a_journal_file_left_after_its_commit_is_not_merged_twice(tmp_path, monkeypatch):
    path = tmp_path / FILENAME
    store = checked_while_locked(path)
    (left,) = journal_folder(path).glob("*.json")
    text = left.read_text()
    store.flush()                                  # merged and removed
    left.write_text(text)                          # as if killed before the removal
    assert ProgressStore(path).attempt_count() == 1
    assert not left.exists()


def test_a_damaged_journal_file_is_left_alone_and_the_rest_merged(tmp_path):
    path = tmp_path / FILENAME
    _busy = checked_while_locked(path)      # the store still holding the check
    (journal_folder(path) / "0-half-written.json").write_text('{"lesson": "co')
    assert ProgressStore(path).attempt_count() == 1
    assert (journal_folder(path) / "0-half-written.json").exists()


def test_reset_keeps_waiting_checks_with_the_old_progress(tmp_path):
    path = tmp_path / FILENAME
    _busy = checked_while_locked(path)      # the store still holding the check
    backup = reset_file(path)
    assert ProgressStore(path).attempt_count() == 0
    assert ProgressStore(backup).attempt_count() == 1


# -- a full disk ------------------------------------------------------------------

class FullDisk:
    """sqlite3.connect whose writes fail as on a full disk (SQLite then rolls back
    by itself, so a second ROLLBACK would fail with 'no transaction is active')."""

    def __init__(self, real):
        self.real = real

    def __call__(self, *args, **kwargs):
        db = self.real(*args, **kwargs)
        return _FullConnection(db)


class _FullConnection:
    def __init__(self, db):
        self.db = db

    def execute(self, sql, *args):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            self.db.execute("ROLLBACK")
            raise sqlite3.OperationalError("database or disk is full")
        return self.db.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.db, name)


def test_a_full_disk_says_so_keeps_the_check_and_saves_it_when_there_is_room(
        tmp_path, monkeypatch):
    path = tmp_path / FILENAME
    store = ProgressStore(path)
    store.record_quiz("core", [g("a", True)], {"a": 1})
    monkeypatch.setattr(store_module.sqlite3, "connect", FullDisk(sqlite3.connect))
    assert store.record_quiz("core", [g("b", True)], {"b": 2}) is None
    assert store.waiting == 1 and isinstance(store.waiting_because, StoreFull)
    message = str(store.waiting_because)
    assert "disk" in message and "full" in message
    assert "rollback" not in message and "\n" not in message
    monkeypatch.undo()                       # space freed
    assert attempts(path) == [("core", "a", "1")]
    assert len(store.flush()) == 1 and store.waiting == 0
    assert attempts(path) == [("core", "a", "1"), ("core", "b", "2")]


def test_a_quiz_checked_on_a_full_disk_is_saved_by_itself_once_there_is_room(
        tmp_path, monkeypatch):
    from backsafe.widgets.quiz import quiz_widget

    path = tmp_path / FILENAME
    store = ProgressStore(path)
    quiz = quiz_widget("core", check=1, store=store)
    monkeypatch.setattr(type(quiz.recorder), "RETRY_SECONDS", 3600)   # retried by hand
    view = quiz.views[0]
    view.control.value = view.control.options[0][1]
    monkeypatch.setattr(store_module.sqlite3, "connect", FullDisk(sqlite3.connect))
    quiz.check.click()
    status = quiz.recorder.status.value
    assert "disk" in status and "full" in status and "by themselves" in status
    monkeypatch.undo()
    quiz.recorder._retry()
    assert "Saved" in quiz.recorder.status.value and "1 check that had to wait" in \
        quiz.recorder.status.value
    assert store.attempt_count() == 1


def test_an_enospc_oserror_is_worded_as_a_full_disk(tmp_path):
    exc = OSError(errno.ENOSPC, "No space left on device")
    message = str(store_module._explain(exc, tmp_path / FILENAME))
    assert "is full" in message and "free some space" in message


# -- where the data folder is -------------------------------------------------------

def test_a_data_folder_under_an_unknown_user_is_one_sentence(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "~nosuchuser-bsld/x")
    with pytest.raises(StoreUnavailable) as info:
        data_dir()
    assert ENV_VAR in str(info.value) and "\n" not in str(info.value)
    store, notice = store_module.try_open_store()
    assert store is None and ENV_VAR in notice


def test_a_relative_data_folder_is_the_same_from_every_working_folder(tmp_path,
                                                                       monkeypatch):
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setenv(ENV_VAR, "progress-here")
    monkeypatch.setenv("PWD", str(tmp_path))          # where `make lab` was typed
    monkeypatch.chdir(tmp_path)
    from_shell = data_dir()
    monkeypatch.chdir(tmp_path / "notebooks")         # a kernel runs beside the notebook
    assert data_dir() == from_shell == tmp_path / "progress-here"
    assert data_dir().is_absolute()


def test_the_command_line_and_a_kernel_agree_on_a_relative_folder(tmp_path):
    (tmp_path / "notebooks").mkdir()
    env = dict(os.environ, **{ENV_VAR: "rel-data", "PWD": str(tmp_path)})
    where = subprocess.run([sys.executable, "-m", "backsafe", "progress", "where"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    kernel = subprocess.run([sys.executable, "-c",
                             "from backsafe.store import ProgressStore; "
                             "print(ProgressStore().path)"],
                            cwd=tmp_path / "notebooks", env=env, capture_output=True,
                            text=True)
    assert where.stdout.strip() == kernel.stdout.strip() == str(
        tmp_path / "rel-data" / FILENAME)


def test_the_command_line_says_one_sentence_for_an_unknown_user(tmp_path):
    env = dict(os.environ, **{ENV_VAR: "~nosuchuser-bsld/x"})
    out = subprocess.run([sys.executable, "-m", "backsafe", "progress", "where"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert ENV_VAR in out.stderr and len(out.stderr.strip().splitlines()) == 1


def texts(widget) -> str:
    """Every string a widget tree shows."""
    out = [v for a in ("value", "description") if isinstance(v := getattr(widget, a, None), str)]
    return " ".join(out + [texts(child) for child in getattr(widget, "children", ())])


@pytest.mark.parametrize("name, says", [
    ("warm_up_explorer", None), ("plan_explorer", ENV_VAR), ("share_results_check", ENV_VAR),
    ("training_load_explorer", ENV_VAR), ("core_progression_explorer", ENV_VAR),
    ("safety_screen", ENV_VAR), ("progress_dashboard_explorer", ENV_VAR)])
def test_every_lesson_widget_builds_and_says_why_when_the_setting_is_unusable(
        monkeypatch, tmp_path, name, says):
    import backsafe

    monkeypatch.setenv(ENV_VAR, "~nosuchuser-bsld/x")
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", "~nosuchuser-bsld/y")
    monkeypatch.chdir(tmp_path)
    shown = texts(getattr(backsafe, name)())
    assert says is None or says in shown
    assert "Traceback" not in shown and "RuntimeError" not in shown


# -- a file damaged while a lesson is open -----------------------------------------------

def _damage(path):
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xa5" * (size - 4096))


def test_a_file_damaged_during_a_session_is_kept_and_replaced_when_the_cell_runs_again(
        tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    store, _ = store_module.try_open_store()
    for n in range(40):                            # several pages, so the damage shows
        store.record_quiz("core", [g(f"q{n}", True)], {f"q{n}": "x" * 200})
    _damage(store.path)
    with pytest.raises(StoreUnavailable) as info:
        store.record_quiz("core", [g("late", True)], {"late": 1})
    message = str(info.value)
    assert "damaged" in message and "run this cell again" in message and "\n" not in message
    again, notice = store_module.try_open_store()     # the cell, run again
    assert again is not store and "was kept as" in notice
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    again.record_quiz("core", [g("after", True)], {"after": 1})
    assert again.attempt_count() == 2        # the check that met the damage is kept too


def test_review_on_the_command_line_says_when_a_damaged_file_was_kept(tmp_path):
    path = tmp_path / FILENAME
    path.write_bytes(b"this is not a database" * 100)
    env = dict(os.environ, BACKSAFE_DATA_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "backsafe", "review"], capture_output=True,
                         text=True, env=env, timeout=60)
    assert out.returncode == 0 and "was kept as" in out.stderr


def test_a_reset_waits_for_no_writer_and_never_moves_a_file_mid_write(tmp_path):
    from .test_store_schema import Lock

    path = tmp_path / FILENAME
    ProgressStore(path).record_quiz("core", [g("a", True)], {"a": 1})
    lock = Lock(path)                                  # another program mid-write
    try:
        with pytest.raises(StoreUnavailable, match="not reset yet.*locked"):
            store_module.reset_file(path)
    finally:
        lock.release()
    assert [p.name for p in tmp_path.iterdir() if ".reset-" in p.name] == []
    backup = store_module.reset_file(path)             # free now: the reset goes ahead
    assert ProgressStore(backup).attempt_count() == 1
    assert ProgressStore(path).attempt_count() == 0


def test_a_full_disk_when_the_store_opens_passes_like_a_locked_file(tmp_path, monkeypatch):
    path = tmp_path / FILENAME
    monkeypatch.setattr(store_module.sqlite3, "connect", FullDisk(sqlite3.connect))
    store = ProgressStore(path)                      # no error: the first write retries
    assert store.record_quiz("core", [g("a", True)], {"a": 1}) is None
    assert isinstance(store.waiting_because, StoreFull)
    monkeypatch.undo()
    assert len(store.flush()) == 1 and attempts(path) == [("core", "a", "1")]


def test_a_write_refused_because_a_reset_moved_the_file_waits_and_retries():
    moved = sqlite3.OperationalError("attempt to write a readonly database")
    moved.sqlite_errorcode = 1032                      # SQLITE_READONLY_DBMOVED
    assert isinstance(store_module._explain(moved, store_module.Path("p.sqlite3")),
                      store_module.StoreBusy)
    plain = sqlite3.OperationalError("attempt to write a readonly database")
    assert not isinstance(store_module._explain(plain, store_module.Path("p.sqlite3")),
                          store_module.StoreBusy)


def test_damaged_indexes_are_rebuilt_and_every_row_kept(tmp_path, monkeypatch):
    """quick_check does not look inside indexes: a write that fails on a damaged
    index marks the file for a full check, which rebuilds the indexes."""
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    store, _ = store_module.try_open_store()
    store.add_sessions([(f"2026-11-{d:02d}", 30, 5, "n") for d in range(1, 29)])
    db = sqlite3.connect(store.path, isolation_level=None)
    db.execute("PRAGMA writable_schema=ON")     # the index now describes other columns
    db.execute("UPDATE sqlite_master SET sql='CREATE INDEX training_sessions_by_day ON "
               "training_sessions (note, id)' WHERE name='training_sessions_by_day'")
    db.close()
    with pytest.raises(StoreUnavailable, match="run this cell again"):
        store.delete_session(store.sessions()[0]["id"])
    again, notice = store_module.try_open_store()
    assert "rebuilt" in notice and "nothing was lost" in notice
    assert len(again.sessions()) == 28
    again.update_session(6, "2026-11-06", 32, 5, "m")          # writes work again
    assert [p.name for p in tmp_path.iterdir() if ".damaged-" in p.name] == []
