"""The `backsafe` command (also `python -m backsafe`): one entry point for the course.

    backsafe --version
    backsafe progress where | export [-o FILE] | reset --yes | share --name NAME
    backsafe share --name NAME [-o FILE]          (the same as progress share)
    backsafe instructor answer-key|guide [-o FILE]   (backsafe/instructor/cli.py)
    backsafe class report FOLDER [-o FILE]        (instructors)
    backsafe site | slides | pdf | app            (backsafe/delivery/cli.py)

`where` and `export` change nothing (a damaged file is reported, not moved);
`reset` is all or nothing and names the backup it keeps.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .delivery.cli import add_delivery_parsers, run_delivery
from .files import WriteFailed, write_atomically
from .instructor.cli import add_instructor_parser, run_instructor
from .sharing import add_share_parser, run_share
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
        try:
            skipped = write_atomically(target, store.export_to)
        except WriteFailed as exc:
            raise StoreUnavailable(str(exc)) from None
    note = "" if not skipped else (
        f" {skipped} saved answer(s) could not be read and were left out; they are still "
        "in the progress file.")
    return (f"Progress written to {output}." if output else "") + note


def _class_commands(sub) -> None:
    """Instructors: `class report FOLDER [-o FILE]` (backsafe.instructor.class_report)."""
    area = sub.add_parser("class", help="instructors: a report on a class's result files")
    report = area.add_subparsers(dest="action", required=True).add_parser(
        "report", help="write one offline HTML report from a folder of result files")
    report.add_argument("folder", help="the folder holding the *.bsld-result.json files")
    report.add_argument("--output", "-o", default="class-report.html",
                        help="HTML file to write (default: class-report.html)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="backsafe", description="Back-Safe Leg Day: your progress, sharing, instructor "
                                     "pages and every way to deliver the course.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="area", required=True, metavar="COMMAND")
    progress = sub.add_parser("progress", help="see, export or reset your saved progress")
    actions = progress.add_subparsers(dest="action", required=True)
    actions.add_parser("where", help="print where the progress file is")
    export = actions.add_parser("export", help="write all progress as JSON")
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    reset = actions.add_parser("reset", help="start afresh (the old file is kept as a backup)")
    reset.add_argument("--yes", action="store_true", help="confirm the reset")
    add_share_parser(actions)
    add_share_parser(sub)
    add_instructor_parser(sub)
    _class_commands(sub)
    add_delivery_parsers(sub)
    args = parser.parse_args(argv)
    if args.area in ("site", "slides", "pdf", "app"):
        return run_delivery(args)
    if args.area == "instructor":
        return run_instructor(args)
    if args.area == "class":
        from .instructor.class_report import run_class_command
        return run_class_command(args)

    path = data_dir() / FILENAME
    if "share" in (args.area, getattr(args, "action", None)):
        return run_share(args.name, args.output, path)
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
