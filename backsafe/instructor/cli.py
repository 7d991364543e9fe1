"""`python -m backsafe instructor answer-key|guide [-o FILE]`: write one offline HTML page."""
from __future__ import annotations

import sys
from pathlib import Path

INSTRUCTOR_FOLDER = "instructor"   # under the data folder: outside any clone


def default_folder() -> Path:
    """Where instructor pages and the class report go unless -o names a file."""
    from ..store import data_dir
    return data_dir() / INSTRUCTOR_FOLDER


PAGES = {
    # action: (what, default file, help)
    "answer-key": ("Answer key", "backsafe-answer-key.html",
                   "write every question with its answer, feedback and sources"),
    "guide": ("Instructor guide", "backsafe-instructor-guide.html",
              "write the guide: setup, schedules, lesson notes, misconceptions"),
}


def add_instructor_parser(sub) -> None:
    """Add `instructor` and its actions to the top-level subparsers."""
    parser = sub.add_parser("instructor", help="instructors: write the guide or the answer key")
    actions = parser.add_subparsers(dest="action", required=True)
    for action, (_, default, help_text) in PAGES.items():
        page = actions.add_parser(action, help=help_text)
        page.add_argument("--output", "-o",
                          help=f"file to write (default: {default} in the folder "
                               f"'{INSTRUCTOR_FOLDER}' of your Back-Safe Leg Day data folder)")


def _build(action: str) -> str:
    if action == "answer-key":
        from .answer_key import answer_key_html
        return answer_key_html()
    from .guide import guide_html
    return guide_html()


def refused_folder(target: Path, default: str) -> bool:
    """True, after saying so, when an output path names a folder, not a file."""
    if not target.is_dir():
        return False
    print(f"Nothing was written: {target} is a folder; give a file name, for example "
          f"{target / default}.", file=sys.stderr)
    return True


def run_instructor(args) -> int:
    """Write the page the action names; one sentence on stderr if that fails."""
    from ..files import BadPath, WriteFailed, user_path, write_atomically, write_in_new_folder
    from ..content.loader import ContentError, UnknownName

    what, default, _ = PAGES[args.action]
    if args.output is not None and not args.output.strip():
        print("Nothing was written: give a file name after -o, or leave -o out.",
              file=sys.stderr)
        return 2
    try:
        target = user_path(args.output) if args.output else default_folder() / default
    except BadPath as exc:
        print(f"Nothing was written: {exc}", file=sys.stderr)
        return 2
    if refused_folder(target, default):
        return 2
    try:
        page = _build(args.action)
        write = write_atomically if args.output else write_in_new_folder
        write(target, lambda fh: fh.write(page))
    except (ContentError, UnknownName) as exc:
        print(f"Nothing was written: a course file has a problem ({exc}).", file=sys.stderr)
        return 1
    except WriteFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    where = target.resolve()
    extra = " Keep it out of the learners' folders." if args.action == "answer-key" else ""
    print(f"{what} written to {where}.{extra}")
    return 0
