"""How tests/data/progress-v3.sqlite3 was made: the schema-2 file written by the
code before issue 21 (progress-v2-old-pre-test.sqlite3), opened by the schema-3
code (migration 3 of active-learning), plus a miss and an immediate right retry
and a post-test answer written through the schema-3 trigger."""
import shutil
import sqlite3

from backsafe.store import MIGRATIONS, _statements

SRC, DST = "tests/data/progress-v2-old-pre-test.sqlite3", "tests/data/progress-v3.sqlite3"
shutil.copy(SRC, DST)
with sqlite3.connect(DST) as db:
    for statement in _statements(MIGRATIONS[2]):          # step 3, as released
        db.execute(statement)
    db.execute("UPDATE meta SET value='3' WHERE key='schema_version'")
    for kind, at, rows in (
            ("quiz", "2026-12-01T10:00:00+00:00", [("warm-up", "ramp", '"x"', 0)]),
            ("review", "2026-12-01T10:02:00+00:00", [("warm-up", "ramp", '"y"', 1)]),
            ("post", "2026-12-01T11:00:00+00:00", [("core", "weak-core", '"z"', 0)])):
        sub = db.execute("INSERT INTO submissions (lesson, score, max_score, created_at, kind)"
                         " VALUES ('warm-up', 0, 1, ?, ?)", (at, kind)).lastrowid
        for lesson, question, response, correct in rows:
            db.execute("INSERT INTO attempts (submission_id, lesson, question, response, "
                       "correct, score, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (sub, lesson, question, response, correct, correct, at))
