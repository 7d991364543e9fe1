"""Small helpers shared by the tests."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def content_error(parse, raw, change):
    """The ContentError `parse` raises on a deep copy of `raw` after `change(copy)`."""
    import copy

    import pytest

    from backsafe.content.loader import ContentError

    data = copy.deepcopy(raw)
    change(data)
    with pytest.raises(ContentError) as err:
        parse(data)
    return err.value


def dump(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def classes(widget) -> set[str]:
    return set(getattr(widget, "_dom_classes", ()))


def find(widget, cls: str) -> list:
    """Every descendant widget (depth first, including itself) with a CSS class."""
    found = [widget] if cls in classes(widget) else []
    for child in getattr(widget, "children", ()):
        found += find(child, cls)
    return found


def graded(qid: str, correct: bool):
    """A stand-in for a Grade, enough for ProgressStore.record_quiz."""
    from types import SimpleNamespace

    return SimpleNamespace(question_id=qid, correct=correct, answered=True,
                           score=float(correct))


def table_rows(path, table: str) -> list[tuple]:
    """Every row of a table of an SQLite file, in rowid order."""
    import sqlite3

    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
