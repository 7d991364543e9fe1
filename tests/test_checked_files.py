"""A progress file the course left as it is needs no new integrity check in the
next kernel; a file anything else touched, or one SQLite found damaged, does."""
import json
import os
import sqlite3

import pytest

from backsafe import checked_files, store as store_module
from backsafe.store import FILENAME, ProgressStore, StoreUnavailable


@pytest.fixture
def statements(monkeypatch, tmp_path):
    """Every SQL statement the store runs, as a list; each test has its own cache
    folder, and `_checked` forgets the files (as a new kernel would)."""
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(tmp_path.parent / f"{tmp_path.name}-cache"))
    monkeypatch.setattr(store_module, "_checked", set())
    seen: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):
        db = connect(*args, **kwargs)
        db.set_trace_callback(seen.append)
        return db

    monkeypatch.setattr(sqlite3, "connect", traced)
    return seen


def new_kernel(seen):
    store_module._checked.clear()
    seen.clear()


def checks(seen) -> int:
    return sum("quick_check" in s for s in seen)


def test_an_unchanged_file_is_not_checked_again_in_the_next_kernel(tmp_path, statements):
    path = tmp_path / FILENAME
    ProgressStore(path).save_answers("anatomy", "notes", "x")
    assert checks(statements) == 1
    new_kernel(statements)
    store = ProgressStore(path)
    assert checks(statements) == 0 and not any("INSERT" in s for s in statements)
    assert store.load_answers("anatomy", "notes") == "x"
    store.save_answers("anatomy", "notes", "y")       # its own write keeps it known
    new_kernel(statements)
    assert ProgressStore(path).load_answers("anatomy", "notes") == "y"
    assert checks(statements) == 0


def test_new_permissions_on_the_file_or_its_folder_mean_a_new_check(tmp_path, statements):
    path = tmp_path / FILENAME
    ProgressStore(path)
    for changed in (path, tmp_path):
        assert checked_files.is_known(path)
        os.chmod(changed, 0o755 if changed.is_dir() else 0o600)
        assert not checked_files.is_known(path)
        new_kernel(statements)
        ProgressStore(path)                   # checked again, and known again
        assert checks(statements) == 1 and any("opened_at" in s for s in statements)


def test_a_file_another_program_wrote_is_checked_again(tmp_path, statements):
    path = tmp_path / FILENAME
    ProgressStore(path)
    with sqlite3.connect(path) as db:       # not the course: e.g. the sqlite3 shell
        db.execute("INSERT OR REPLACE INTO meta VALUES ('by hand', 'yes')")
    new_kernel(statements)
    ProgressStore(path)
    assert checks(statements) == 1


def test_a_file_sqlite_found_damaged_is_checked_at_the_next_open(tmp_path, statements,
                                                                  monkeypatch):
    path = tmp_path / FILENAME
    store = ProgressStore(path)
    assert checked_files.is_known(path)

    def damaged(*args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(ProgressStore, "_transaction", damaged)
    with pytest.raises(StoreUnavailable):
        store.sessions()
    assert not checked_files.is_known(path)


def test_the_memo_keeps_the_latest_files_and_survives_damage(tmp_path, statements):
    for i in range(checked_files.MAX_FILES + 3):
        ProgressStore(tmp_path / f"p{i}" / FILENAME)
    memo = tmp_path.parent / f"{tmp_path.name}-cache" / checked_files.MEMO
    assert len(json.loads(memo.read_text())) == checked_files.MAX_FILES
    assert checked_files.is_known(tmp_path / f"p{checked_files.MAX_FILES + 2}" / FILENAME)
    assert not checked_files.is_known(tmp_path / "p0" / FILENAME)
    memo.write_text("{not json")
    new_kernel(statements)
    ProgressStore(tmp_path / "p1" / FILENAME)          # a damaged memo costs a check
    assert checks(statements) == 1


def test_app_mode_keeps_no_memo(tmp_path, statements, monkeypatch):
    path = tmp_path / FILENAME
    ProgressStore(path)
    monkeypatch.setenv(store_module.APP_MODE_VAR, "1")
    assert not checked_files.is_known(path)
