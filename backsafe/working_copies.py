"""The learner's own copies of the lessons, which `make lab` opens.

The repository's `notebooks/` stay as published: JupyterLab's autosave writes
outputs into the learner's copies instead, in a folder outside the repository
(`~/backsafe-legday`, or $BACKSAFE_WORK_DIR), so `git pull` never conflicts
and deleting or re-cloning the repository loses no work.

`update(source)` makes the copies on first use and refreshes them when the
course changes. A copy whose cells the learner has not changed (running a
lesson only adds outputs) is replaced by the new version; a copy they edited
is never overwritten: the new version goes beside it and the report says so.
A manifest in the folder remembers which version each copy came from.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .files import WriteFailed, user_path, write_atomically

ENV_VAR = "BACKSAFE_WORK_DIR"
MANIFEST = ".backsafe-lessons.json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def work_dir() -> Path:
    """Where the learner's copies live: $BACKSAFE_WORK_DIR, else ~/backsafe-legday."""
    override = os.environ.get(ENV_VAR)
    return user_path(override) if override else Path.home() / "backsafe-legday"


def cells_hash(notebook: dict) -> str:
    """A fingerprint of what a learner can change: each cell's type and source.
    Outputs, execution counts and metadata (what running a lesson changes) are
    left out."""
    cells = [(c.get("cell_type"), "".join(c.get("source", ""))
              if isinstance(c.get("source"), list) else c.get("source", ""))
             for c in notebook.get("cells", [])]
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()


def _read(path: Path) -> dict | None:
    try:
        return _parse(path.read_bytes())
    except OSError:
        return None


def _parse(raw: bytes) -> dict | None:
    """JSON text as a dict, or None."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _notebook(data: dict | None) -> dict | None:
    """`data` when it is a notebook whose cells and outputs are mappings, else None."""
    cells = data.get("cells", []) if data is not None else None
    if not isinstance(cells, list) or not all(
            isinstance(c, dict) and isinstance(c.get("outputs", []), list)
            and all(isinstance(o, dict) for o in c.get("outputs", [])) for c in cells):
        return None
    return data


def _write_json(path: Path, data) -> None:
    write_atomically(path, lambda fh: json.dump(data, fh, indent=1, ensure_ascii=False))


def drop_dead_widgets(notebook: dict) -> bool:
    """Remove widget views saved by an earlier session: their kernel is gone, so
    JupyterLab can only show "model not found" there. True if any were removed."""
    removed = False
    for cell in notebook.get("cells", []):
        outputs = cell.get("outputs") or []
        kept = [o for o in outputs if WIDGET_VIEW not in (o.get("data") or {})]
        if len(kept) != len(outputs):
            cell["outputs"], removed = kept, True
    return removed


@dataclass(frozen=True)
class Change:
    lesson: str
    what: str          # copied | updated | kept-yours | cleaned | unreadable | broken-source
    beside: str = ""   # the new version's file name, when the learner's copy was kept

    def sentence(self) -> str:
        return {
            "copied": f"{self.lesson}: copied into your folder.",
            "updated": f"{self.lesson}: updated to the course's new version (you had not "
                       "changed it).",
            "kept-yours": f"{self.lesson}: you changed your copy, so it was kept as it is; "
                          f"the course's new version is beside it as {self.beside}.",
            "cleaned": f"{self.lesson}: explorers and quizzes from your last session were "
                       "cleared; run the lesson again to bring them back.",
            "unreadable": f"{self.lesson}: your copy could not be read, so it was left as "
                          "it is.",
            "broken-source": f"{self.lesson}: the course's own copy of this lesson is not a "
                             "notebook that can be read, so it was skipped; get a fresh "
                             "copy of the course (git checkout notebooks/).",
        }[self.what]


def _beside(folder: Path, name: str, today: date) -> Path:
    stem = name.removesuffix(".ipynb")
    candidate = folder / f"{stem}.update-{today.isoformat()}.ipynb"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}.update-{today.isoformat()}-{n}.ipynb"
        n += 1
    return candidate


def update(source: Path, folder: Path | None = None, *, today: date | None = None
           ) -> list[Change]:
    """Make or refresh the learner's copies of every lesson in `source`.

    Never overwrites a copy whose cells the learner changed. Raises WriteFailed
    (one sentence) if the folder cannot be written."""
    folder = folder or work_dir()
    today = today or date.today()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"Your lesson folder {folder} could not be made "
                          f"({(exc.strerror or str(exc)).lower()}); set {ENV_VAR} to "
                          "a folder you can write.") from None
    manifest = _read(folder / MANIFEST) or {}
    changes = []
    for lesson in sorted(Path(source).glob("[0-9][0-9]-*.ipynb")):
        published = lesson.read_bytes()
        version = hashlib.sha256(published).hexdigest()
        new = _notebook(_parse(published))
        if new is None:
            changes.append(Change(lesson.name, "broken-source"))
            continue
        entry = manifest.get(lesson.name)
        entry = entry if isinstance(entry, dict) else None     # a hand-edited manifest
        copy = folder / lesson.name
        if not copy.exists():
            write_atomically(copy, lambda fh, text=published: fh.write(text.decode("utf-8")))
            manifest[lesson.name] = {"version": version, "cells": cells_hash(new)}
            changes.append(Change(lesson.name, "copied"))
            continue
        mine = _notebook(_read(copy))
        if mine is None:
            changes.append(Change(lesson.name, "unreadable"))
            continue
        if entry and entry.get("version") == version:
            if drop_dead_widgets(mine):
                _write_json(copy, mine)
                changes.append(Change(lesson.name, "cleaned"))
            continue
        base = entry.get("cells") if entry else cells_hash(new)
        if cells_hash(mine) == base:
            write_atomically(copy, lambda fh, text=published: fh.write(text.decode("utf-8")))
            manifest[lesson.name] = {"version": version, "cells": cells_hash(new)}
            changes.append(Change(lesson.name, "updated"))
            continue
        beside = _beside(folder, lesson.name, today)
        write_atomically(beside, lambda fh, text=published: fh.write(text.decode("utf-8")))
        manifest[lesson.name] = {"version": version, "cells": base}
        changes.append(Change(lesson.name, "kept-yours", beside.name))
        if drop_dead_widgets(mine):
            _write_json(copy, mine)
    _write_json(folder / MANIFEST, manifest)
    return changes


# -- command line -------------------------------------------------------------------

def add_lessons_parser(sub) -> None:
    area = sub.add_parser("lessons", help="your own copies of the lessons (what make lab "
                                          "opens)")
    actions = area.add_subparsers(dest="action", required=True)
    actions.add_parser("where", help="print the folder of your copies")
    refresh = actions.add_parser("update", help="make or refresh your copies; a lesson "
                                                "you changed is never overwritten")
    refresh.add_argument("--from", dest="source", default="notebooks",
                         help="the course's lesson folder (default: notebooks)")


def run_lessons(args: argparse.Namespace) -> int:
    try:
        folder = work_dir()
    except WriteFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.action == "where":
        print(folder)
        return 0
    source = Path(args.source)
    if not any(source.glob("[0-9][0-9]-*.ipynb")):
        print(f"No lessons found in {source}; run this from the course's folder or give "
              "--from.", file=sys.stderr)
        return 2
    try:
        changes = update(source)
    except (WriteFailed, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for change in changes:
        print(change.sentence(), file=sys.stderr)
    print(f"Your lessons are in {folder} (the course's own notebooks/ are never "
          "changed).", file=sys.stderr)
    return 0
