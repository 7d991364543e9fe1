"""The progress store: recording, queries, concurrency and every way it can break."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from backsafe.store import (ENV_VAR, FILENAME, SCHEMA_VERSION, ProgressStore, StoreUnavailable,
                          data_dir, try_open_store)


def g(qid, correct, score=None, answered=True):
    return SimpleNamespace(question_id=qid, correct=correct, answered=answered,
                           score=float(correct) if score is None else score)


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / FILENAME)


def test_data_dir_honours_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "mine"))
    assert data_dir() == tmp_path / "mine"
    store, message = try_open_store()
    assert message is None and store.path == tmp_path / "mine" / FILENAME


def test_records_attempts_and_answers_queries(store):
    assert store.best_scores() == {} and store.last_activity() is None
    store.record_quiz("anatomy", [g("a", True), g("b", False), g("c", False, answered=False)],
                      {"a": "x", "b": ["y"], "c": None})
    store.record_quiz("anatomy", [g("a", True), g("b", True), g("c", False)],
                      {"a": "x", "b": ["z"], "c": "12 kg"}, complete=True)
    store.record_quiz("anatomy", [g("a", False), g("b", False), g("c", False)],
                      {"a": "w", "b": [], "c": "1"})
    assert store.best_scores() == {"anatomy": (2.0, 3)}
    # The latest attempt decides what counts as missed.
    assert store.missed_questions() == [("anatomy", "a"), ("anatomy", "b"), ("anatomy", "c")]
    assert store.attempt_count() == 2 + 3 + 3          # unanswered questions not stored
    assert store.completed_lessons() == ["anatomy"]
    assert store.last_activity() is not None


def test_missed_questions_per_lesson(store):
    store.record_quiz("a", [g("q1", False)], {"q1": "x"})
    store.record_quiz("b", [g("q1", False), g("q2", True)], {"q1": "x", "q2": "y"})
    assert store.missed_questions("b") == [("b", "q1")]


def test_saved_answers_round_trip_and_forget(store):
    store.save_answers("start-here", "self-check", {"lifts": ["squat"]})
    assert store.load_answers("start-here", "self-check") == {"lifts": ["squat"]}
    store.forget_answers("start-here", "self-check")
    assert store.load_answers("start-here", "self-check") is None


def test_export_is_json_ready_and_complete(store):
    store.record_quiz("anatomy", [g("a", True)], {"a": ["x", "y"]}, complete=True)
    data = json.loads(json.dumps(store.export()))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["attempts"][0]["response"] == ["x", "y"]
    assert data["completions"][0]["lesson"] == "anatomy"


def test_reset_keeps_a_backup(store):
    store.record_quiz("anatomy", [g("a", True)], {"a": "x"})
    backup = store.reset()
    assert backup.exists() and store.best_scores() == {}
    assert ProgressStore(backup).best_scores() == {"anatomy": (1.0, 1)}


def test_two_writers_at_once_lose_no_attempt(tmp_path):
    path = tmp_path / FILENAME
    ProgressStore(path)
    writer = textwrap.dedent(f"""
        import sys
        from types import SimpleNamespace as S
        from backsafe.store import ProgressStore
        store = ProgressStore({str(path)!r})
        sys.stdin.readline()                      # start together
        for i in range(60):
            store.record_quiz(sys.argv[1], [S(question_id=f"q{{j}}", correct=True,
                              answered=True, score=1.0) for j in range(3)], {{}})
    """)
    procs = [subprocess.Popen([sys.executable, "-c", writer, name], stdin=subprocess.PIPE)
             for name in ("lesson-a", "lesson-b")]
    for p in procs:
        p.stdin.write(b"go\n")
        p.stdin.flush()
    for p in procs:
        p.stdin.close()
        assert p.wait(timeout=120) == 0
    store = ProgressStore(path)
    assert store.attempt_count() == 2 * 60 * 3
    assert store.best_scores() == {"lesson-a": (3.0, 3), "lesson-b": (3.0, 3)}


def test_corrupt_file_is_kept_and_a_fresh_one_started(tmp_path):
    path = tmp_path / FILENAME
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    store = ProgressStore(path)
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert str(kept[0]) in store.notice and "new one was started" in store.notice
    store.record_quiz("anatomy", [g("a", True)], {"a": "x"})
    assert store.best_scores() == {"anatomy": (1.0, 1)}


def test_truncated_database_is_recovered(tmp_path):
    path = tmp_path / FILENAME
    store = ProgressStore(path)
    for i in range(200):
        store.save_answers("x", f"k{i}", "y" * 500)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    fresh = ProgressStore(path)
    assert fresh.notice and fresh.load_answers("x", "k1") is None
    assert any(".damaged-" in p.name for p in tmp_path.iterdir())


def test_a_file_locked_at_open_is_busy_not_broken(tmp_path):
    path = tmp_path / FILENAME
    ProgressStore(path).record_quiz("anatomy", [g("a", True)], {"a": "x"})
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = ProgressStore(path, timeout=0.1)          # opens without waiting long
        with pytest.raises(StoreUnavailable) as info:
            store.best_scores()
        message = str(info.value)
        assert message.startswith("Progress is not being saved yet:") and "locked" in message
        assert "\n" not in message
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.best_scores() == {"anatomy": (1.0, 1)}


def test_newer_schema_is_left_untouched(tmp_path):
    path = tmp_path / FILENAME
    ProgressStore(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    before = path.read_bytes()
    with pytest.raises(StoreUnavailable, match="newer version"):
        ProgressStore(path)
    assert path.read_bytes() == before


def test_read_only_folder():
    """A folder anyone may enter but nobody may write to: a real permission error,
    also when the tests run as root."""
    folder = Path(tempfile.mkdtemp(prefix="backsafe-ro-"))    # in /tmp, reachable by all
    os.chmod(folder, 0o555)
    code = textwrap.dedent(f"""
        import os
        from backsafe.store import ProgressStore, StoreUnavailable
        if os.getuid() == 0:    # root ignores permissions: drop them (after imports)
            os.setgid(65534); os.setuid(65534)
        try:
            ProgressStore({str(folder / FILENAME)!r})
        except StoreUnavailable as exc:
            print(exc)
        else:
            print("OPENED")
    """)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    message = out.stdout.strip()
    assert message.startswith("Progress is not being saved:"), message
    assert "cannot be written to" in message and ENV_VAR in message
    assert not (folder / FILENAME).exists()
    os.chmod(folder, 0o755)
    shutil.rmtree(folder)
