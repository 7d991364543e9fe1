"""Schema migrations (every row kept), the lesson 03/06 tables, and busy files."""
import shutil
import sqlite3
import threading
import time
from types import SimpleNamespace

import pytest

from backsafe.store import (FILENAME, MIGRATIONS, SCHEMA_VERSION, ProgressStore,
                          StoreUnavailable)

from .helpers import ROOT

V1_FILE = ROOT / "tests" / "data" / "progress-v1.sqlite3"   # made by the schema-1 code
V1_TABLES = ("submissions", "attempts", "completions", "answers")


def g(qid, correct):
    return SimpleNamespace(question_id=qid, correct=correct, answered=True,
                           score=float(correct))


def rows(path, table):
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()


def version(path):
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT value FROM meta WHERE key='schema_version'")
                   .fetchone()[0])


@pytest.fixture
def v1_copy(tmp_path):
    path = tmp_path / FILENAME
    shutil.copy(V1_FILE, path)
    return path


def test_the_fixture_really_is_a_version_1_file_with_rows():
    assert version(V1_FILE) == 1
    assert all(rows(V1_FILE, t) for t in V1_TABLES)


def test_a_version_1_file_migrates_with_every_row_kept(v1_copy):
    before = {t: rows(v1_copy, t) for t in V1_TABLES}
    store = ProgressStore(v1_copy)
    assert version(v1_copy) == SCHEMA_VERSION
    after = {t: rows(v1_copy, t) for t in V1_TABLES}
    # Old rows keep every value; submissions gain a `kind` column set to 'quiz'.
    assert after["submissions"] == [(*row, "quiz") for row in before["submissions"]]
    assert {t: after[t] for t in V1_TABLES[1:]} == {t: before[t] for t in V1_TABLES[1:]}
    # ...and the old rows still mean what they meant.
    assert store.best_scores() == {"anatomy": (2.0, 2), "causes-and-form": (0.0, 1)}
    assert store.missed_questions() == [("causes-and-form", "moment-calc")]
    assert store.load_answers("start-here", "safety") == ["night-pain"]
    assert store.completed_lessons() == ["anatomy", "start-here"]
    # The new tables work on the migrated file.
    store.save_trunk_test({"flexor": 90, "extensor": 120, "side_right": 60,
                           "side_left": 55}, norms="mcgill1999-men", tested_on="2026-11-01")
    store.add_session("2026-11-02", 60, 7, "squats")
    assert store.trunk_tests()[0]["extensor"] == 120.0
    assert store.sessions()[0]["note"] == "squats"


def test_migration_fills_the_question_summary_from_the_old_attempts(v1_copy):
    store = ProgressStore(v1_copy)
    status = {(r["lesson"], r["question"]): (r["attempts"], r["last_correct"], r["streak"])
              for r in store.question_status()}
    # psoas was missed and then answered right at the same moment: since schema 4
    # such a retry is practice and leaves its review step at 0.
    assert status == {("anatomy", "disc-nerves"): (2, 1, 2), ("anatomy", "psoas"): (2, 1, 0),
                      ("causes-and-form", "moment-calc"): (1, 0, 0)}
    store.record_quiz("anatomy", [g("psoas", False)], {"psoas": "x"})
    store.record_quiz("anatomy", [g("disc-nerves", True)], {"disc-nerves": "x"})
    assert store.best_scores() == {"anatomy": (1.0, 1), "causes-and-form": (0.0, 1)}
    status = {(r["lesson"], r["question"]): (r["attempts"], r["last_correct"], r["streak"])
              for r in store.question_status()}
    assert status[("anatomy", "psoas")] == (3, 0, 0)
    assert status[("anatomy", "disc-nerves")] == (3, 1, 3)
    assert store.missed_questions() == [("anatomy", "psoas"),
                                        ("causes-and-form", "moment-calc")]


def test_migration_adds_the_indexes_the_progress_queries_use(v1_copy):
    ProgressStore(v1_copy)
    with sqlite3.connect(v1_copy) as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        plan = " ".join(r[3] for r in db.execute(
            "EXPLAIN QUERY PLAN SELECT MAX(created_at) FROM submissions"))
    assert {"attempts_by_question", "attempts_by_submission", "submissions_by_time"} <= names
    assert "submissions_by_time" in plan and "SCAN" not in plan


def test_a_migration_that_fails_changes_nothing(v1_copy, monkeypatch):
    before = v1_copy.read_bytes()
    broken = MIGRATIONS[:1] + (MIGRATIONS[1] + "; CREATE TABLE oops (",)
    monkeypatch.setattr("backsafe.store.MIGRATIONS", broken)
    with pytest.raises(StoreUnavailable):
        ProgressStore(v1_copy)
    assert version(v1_copy) == 1 and {t: rows(v1_copy, t) for t in V1_TABLES}
    with sqlite3.connect(v1_copy) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert "trunk_tests" not in tables
    assert v1_copy.read_bytes() == before


def test_a_new_file_and_a_migrated_file_have_the_same_schema(tmp_path, v1_copy):
    ProgressStore(tmp_path / "new.sqlite3")
    ProgressStore(v1_copy)

    def schema(path):
        with sqlite3.connect(path) as db:
            return sorted((kind, name, " ".join((sql or "").split())) for kind, name, sql in
                          db.execute("SELECT type, name, sql FROM sqlite_master "
                                     "WHERE name NOT LIKE 'sqlite_%'"))
    assert schema(tmp_path / "new.sqlite3") == schema(v1_copy)


@pytest.mark.parametrize("mark", ["abc", "1.5", ""])
def test_an_unreadable_version_mark_is_one_sentence(tmp_path, mark):
    path = tmp_path / FILENAME
    ProgressStore(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (mark,))
    with pytest.raises(StoreUnavailable) as info:
        ProgressStore(path)
    text = str(info.value)
    assert "version mark" in text and "reset --yes" in text and "\n" not in text


def test_trunk_tests_and_training_log_round_trip(tmp_path):
    store = ProgressStore(tmp_path / FILENAME)
    first = store.save_trunk_test({"flexor": 80, "extensor": 100, "side_right": 50,
                                   "side_left": 48}, norms="x", tested_on="2026-10-01")
    store.save_trunk_test({"flexor": 95, "extensor": 110, "side_right": 55,
                           "side_left": 55}, norms="x", tested_on="2026-09-01")
    assert [t["tested_on"] for t in store.trunk_tests()] == ["2026-09-01", "2026-10-01"]
    store.delete_trunk_test(first)
    assert len(store.trunk_tests()) == 1
    with pytest.raises(ValueError, match="side_left"):
        store.save_trunk_test({"flexor": 1, "extensor": 1, "side_right": 1},
                              norms="x", tested_on="2026-09-01")

    ids = store.add_sessions([("2026-11-03", 60, 7, "squat"), ("2026-11-01", 45, 5, None)])
    store.update_session(ids[0], "2026-11-03", 75, 8, "squat, heavy")
    store.delete_session(ids[1])
    assert [(s["day"], s["minutes"], s["rpe"], s["note"]) for s in store.sessions()] == [
        ("2026-11-03", 75.0, 8.0, "squat, heavy")]


def test_add_sessions_is_all_or_nothing(tmp_path):
    store = ProgressStore(tmp_path / FILENAME)
    store.add_session("2026-11-01", 30, 4)
    with pytest.raises(ValueError):
        store.add_sessions([("2026-11-02", 30, 4, ""), ("2026-11-03", "lots", 4, "")])
    assert len(store.sessions()) == 1


# -- a busy (locked) file never costs an answer ------------------------------------

class Lock:
    """Another program holding the progress file locked."""

    def __init__(self, path):
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("BEGIN EXCLUSIVE")

    def release(self):
        self.db.execute("ROLLBACK")
        self.db.close()


def test_checks_while_locked_wait_in_memory_and_are_written_later(tmp_path):
    path = tmp_path / FILENAME
    store = ProgressStore(path)
    lock = Lock(path)
    try:
        for n in range(3):
            start = time.monotonic()
            assert store.record_quiz("anatomy", [g("a", n % 2 == 0)], {"a": n}) is None
            assert time.monotonic() - start < 1.5          # never freezes the notebook
        assert store.waiting == 3
    finally:
        lock.release()
    written = store.record_quiz("anatomy", [g("b", True)], {"b": "x"})
    assert written is not None and store.waiting == 0
    assert store.attempt_count() == 4
    assert [r[4] for r in rows(path, "attempts")] == ["0", "1", "2", '"x"']


def test_saving_resumes_by_itself_once_the_lock_is_gone(tmp_path):
    path = tmp_path / FILENAME
    store = ProgressStore(path)
    lock = Lock(path)
    store.record_quiz("anatomy", [g("a", True)], {"a": 1})
    assert store.waiting == 1
    threading.Timer(0.3, lock.release).start()
    deadline = time.monotonic() + 10
    while store.waiting and time.monotonic() < deadline:
        store.flush()
        time.sleep(0.1)
    assert store.waiting == 0 and store.attempt_count() == 1


def test_a_store_opened_while_locked_records_once_free(tmp_path):
    path = tmp_path / FILENAME
    ProgressStore(path)
    lock = Lock(path)
    try:
        store = ProgressStore(path, timeout=0.2)
        assert store.record_quiz("anatomy", [g("a", True)], {"a": 1}) is None
    finally:
        lock.release()
    assert store.flush() and store.attempt_count() == 1


# -- queries at scale ------------------------------------------------------------------

@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench import fill_store
    finally:
        sys.path.pop(0)
    path = tmp_path_factory.mktemp("big") / FILENAME
    fill_store(path, 100_000)
    return ProgressStore(path)


@pytest.mark.parametrize("query", ["best_scores", "missed_questions", "completed_lessons",
                                   "last_activity", "attempt_count", "question_status"])
def test_every_progress_query_is_fast_at_100000_answers(big_store, query):
    times = []
    for _ in range(5):
        start = time.perf_counter()
        getattr(big_store, query)()
        times.append(time.perf_counter() - start)
    assert min(times) < 0.020, f"{query}: {min(times) * 1000:.1f} ms"


def test_the_export_streams_instead_of_building_everything_in_memory(tmp_path):
    import json
    import sys
    import tracemalloc

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench import fill_store
    finally:
        sys.path.pop(0)
    fill_store(tmp_path / FILENAME, 3_000)
    big_store = ProgressStore(tmp_path / FILENAME)
    tracemalloc.start()
    try:
        with open(tmp_path / "export.json", "w", encoding="utf-8") as fh:
            assert big_store.export_to(fh) == 0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1e6, peak            # the 3,000 rows as Python objects: about 3 MB
    data = json.loads((tmp_path / "export.json").read_text())
    assert len(data["attempts"]) == 3_000 and data["unreadable_rows"] == 0


def test_reviews_and_mixed_quizzes_update_questions_but_not_best_scores(tmp_path):
    store = ProgressStore(tmp_path / FILENAME)
    store.record_quiz("anatomy", [g("a", True), g("b", False)], {"a": 1, "b": 2})
    store.record_quiz("your-plan", [g("anatomy/b", True), g("core/c", False)],
                      {"anatomy/b": 3, "core/c": 4}, kind="final")
    store.record_quiz("anatomy", [g("b", True)], {"b": 5}, kind="review")
    assert store.best_scores() == {"anatomy": (1.0, 2)}
    status = {(r["lesson"], r["question"]): (r["attempts"], r["streak"])
              for r in store.question_status()}
    # b: missed, then right twice within minutes: practice, not spaced review
    assert status == {("anatomy", "a"): (1, 1), ("anatomy", "b"): (3, 0),
                      ("core", "c"): (1, 0)}
    with pytest.raises(ValueError, match="Unknown kind"):
        store.record_quiz("anatomy", [g("a", True)], {}, kind="exam")


def test_forget_lesson_removes_only_that_lesson(tmp_path):
    store = ProgressStore(tmp_path / FILENAME)
    store.record_quiz("anatomy", [g("a", True)], {"a": 1}, complete=True)
    store.record_quiz("core", [g("c", False)], {"c": 1}, complete=True)
    store.save_answers("anatomy", "k", 1)
    assert store.forget_lesson("anatomy") > 0
    assert store.best_scores() == {"core": (0.0, 1)}
    assert store.completed_lessons() == ["core"] and store.missed_questions() == [
        ("core", "c")]
    assert store.load_answers("anatomy", "k") is None and store.attempt_count() == 1


def test_a_program_that_ends_while_the_file_is_busy_saves_its_checks(tmp_path):
    import subprocess
    import sys
    import textwrap

    path = tmp_path / FILENAME
    ProgressStore(path)
    lock = Lock(path)
    code = textwrap.dedent(f"""
        from types import SimpleNamespace as S
        from backsafe.store import ProgressStore
        store = ProgressStore({str(path)!r}, timeout=0.1)
        grade = S(question_id="a", correct=True, answered=True, score=1.0)
        assert store.record_quiz("anatomy", [grade], {{"a": 1}}) is None
        print("waiting", store.waiting, flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline().strip() == "waiting 1"
        time.sleep(0.5)                      # the program is now ending, file still busy
    finally:
        lock.release()
    assert proc.wait(timeout=30) == 0
    assert ProgressStore(path).attempt_count() == 1
