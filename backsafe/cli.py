"""The `backsafe` command (also `python -m backsafe`): one entry point for the course.

    backsafe --version
    backsafe progress where | export [-o FILE] | reset --yes | share --name NAME
    backsafe share --name NAME [-o FILE]          (the same as progress share)
    backsafe review [--today]                     (questions due for spaced review)
    backsafe instructor answer-key|guide [-o FILE]   (backsafe/instructor/cli.py)
    backsafe class report FOLDER [-o FILE]        (instructors)
    backsafe site | slides | pdf | app            (backsafe/delivery/cli.py)
    backsafe lessons where | update [--from notebooks]   (backsafe/working_copies.py)

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
from .sharing import add_share_parser, output_path, run_share
from .store import FILENAME, ProgressStore, StoreUnavailable, data_dir, reset_file
from .working_copies import add_lessons_parser, run_lessons


def _export(path: Path, output: str | None) -> str:
    """Write the export; returns the sentence to print on standard error."""
    store = ProgressStore(path, read_only=True)
    if output is None:
        skipped = store.export_to(sys.stdout)
    else:
        target = output_path(output)
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
    report.add_argument("--output", "-o",
                        help="HTML file to write (default: class-report.html in the folder "
                             "'instructor' of your Back-Safe Leg Day data folder)")


def _plain(text: str, width: int = 90) -> str:
    """A prompt as one short line of plain text (markup and citations removed)."""
    import re

    text = re.sub(r"\s*\[@[^\]]+\]", "", text)
    text = re.sub(r"\*+", "", " ".join(text.split()))
    return text if len(text) <= width else text[:width - 1] + "…"


def review_lines(records, now, *, today: bool = False) -> list[str]:
    """What `review` prints: the questions due now (or missed today), then a count of
    those scheduled later."""
    from .content.question_ids import find_question
    from .models.review import missed_since, schedule, start_of_day

    def line(lesson: str, question: str, when: str) -> str:
        q = find_question(lesson, question)
        prompt = _plain(q.prompt) if q is not None else "(no longer asked)"
        return f"  {lesson}/{question}  {when}  {prompt}"

    items = schedule(records, now)
    if today:
        missed = missed_since(records, start_of_day(now.astimezone()))
        head = [f"{len(missed)} question(s) you missed today and have not answered right "
                "since:"]
        return head + [line(r.lesson, r.question, f"missed {r.last_at:%H:%M}")
                       for r in missed]
    due = [i for i in items if i.due]
    out = [f"{len(due)} question(s) due for review now:" if due
           else "No question is due for review now."]
    out += [line(i.lesson, i.question, f"due since {i.due_at:%Y-%m-%d}") for i in due]
    later = [i for i in items if not i.due]
    if later:
        out.append(f"{len(later)} more scheduled later; the next on "
                   f"{later[0].due_at:%Y-%m-%d %H:%M} UTC.")
    out.append("Answer them in lesson 07 (Review now), or any lesson's quiz.")
    return out


def _review(path: Path, today: bool) -> int:
    from datetime import datetime, timezone

    from .progress import question_records

    if not path.exists():
        print("Nothing to review: no progress has been saved yet.")
        return 0
    store = ProgressStore(path)           # brings an older file up to date, as a lesson would
    if store.notice:                      # a damaged file was kept as a backup
        print(store.notice, file=sys.stderr)
    records = question_records(store.question_status())
    print("\n".join(review_lines(records, datetime.now(timezone.utc), today=today)))
    return 0


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
    add_lessons_parser(sub)
    review = sub.add_parser("review", help="list the questions due for spaced review")
    review.add_argument("--today", action="store_true",
                        help="list the questions you missed today instead (a practice "
                             "round for a one-day workshop)")
    add_delivery_parsers(sub)
    args = parser.parse_args(argv)
    if args.area in ("site", "slides", "pdf", "app"):
        return run_delivery(args)
    if args.area == "instructor":
        return run_instructor(args)
    if args.area == "lessons":
        return run_lessons(args)
    if args.area == "class":
        from .instructor.class_report import run_class_command
        return run_class_command(args)

    try:
        path = data_dir() / FILENAME
    except StoreUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.area == "review":
        try:
            return _review(path, args.today)
        except StoreUnavailable as exc:
            print(exc, file=sys.stderr)
            return 1
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
