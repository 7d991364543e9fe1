"""Command line for learner progress: where it is, export it, reset it.

    python -m course progress where
    python -m course progress export [--output FILE]
    python -m course progress reset --yes
    python -m course class report FOLDER [-o class-report.html]   (instructors)

`where` and `export` change nothing (a damaged file is reported, not moved);
`reset` is all or nothing and names the backup it keeps.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from .store import FILENAME, ProgressStore, StoreUnavailable, data_dir, reset_file


def _export(path: Path, output: str | None) -> str:
    """Write the export; returns the sentence to print on standard error."""
    store = ProgressStore(path, read_only=True)
    if output is None:
        skipped = store.export_to(sys.stdout)
    else:
        target = Path(output).expanduser()
        if target.resolve() in {Path(str(path) + extra).resolve()
                                for extra in ("", "-journal", "-wal", "-shm")}:
            raise StoreUnavailable(f"Nothing was written: {target} is the progress file "
                                   "itself; choose another file name for the export.")
        skipped = _write_atomically(target, store.export_to)
    note = "" if not skipped else (
        f" {skipped} saved answer(s) could not be read and were left out; they are still "
        "in the progress file.")
    return (f"Progress written to {output}." if output else "") + note


def _write_atomically(target: Path, write) -> int:
    """Write through a temporary file beside `target`, renamed only when complete."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as exc:
        raise StoreUnavailable(_cannot_write(target, exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            result = write(fh)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StoreUnavailable(_cannot_write(target, exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def _cannot_write(target: Path, exc: OSError) -> str:
    why = (exc.strerror or str(exc)).lower()
    return (f"Nothing was written: {target} could not be written ({why}); choose another "
            "folder, or free some space.")


def _class_commands(sub) -> None:
    """Instructors: `class report FOLDER [-o FILE]` (course.instructor.class_report)."""
    area = sub.add_parser("class", help="instructor: a report on a class's result files")
    report = area.add_subparsers(dest="action", required=True).add_parser(
        "report", help="write one offline HTML report from a folder of result files")
    report.add_argument("folder", help="the folder holding the *.bsld-result.json files")
    report.add_argument("--output", "-o", default="class-report.html",
                        help="HTML file to write (default: class-report.html)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course",
                                     description="Manage your Back-Safe Leg Day progress.")
    sub = parser.add_subparsers(dest="area", required=True)
    progress = sub.add_parser("progress", help="your saved progress")
    actions = progress.add_subparsers(dest="action", required=True)
    actions.add_parser("where", help="print where the progress file is")
    export = actions.add_parser("export", help="write all progress as JSON")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    reset = actions.add_parser("reset", help="start afresh (the old file is kept as a backup)")
    reset.add_argument("--yes", action="store_true", help="confirm the reset")
    _class_commands(sub)
    args = parser.parse_args(argv)
    if args.area == "class":
        from .instructor.class_report import run_class_command
        return run_class_command(args)

    path = data_dir() / FILENAME
    try:
        if args.action == "where":
            print(path)
            if not path.exists():
                print("(Nothing has been saved there yet.)", file=sys.stderr)
        elif args.action == "export":
            note = _export(path, args.output)
            if note:
                print(note.strip(), file=sys.stderr)
        elif not args.yes:
            print("Nothing was changed: add --yes to reset your progress "
                  "(the old file is kept as a backup).", file=sys.stderr)
            return 2
        elif not path.exists():
            ProgressStore(path)
            print(f"There was no progress to reset; a new progress file was started at "
                  f"{path}.")
        else:
            backup = reset_file(path)
            print(f"Progress reset. Your old progress is kept in {backup}.")
    except StoreUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0
