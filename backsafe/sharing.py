"""The result file a learner shares with an instructor (format: `result_format`).

It holds a name the learner chooses, lesson completion and every quiz response
(lesson quizzes, reviews, final assessment, pre- and post-test), and nothing
else: never the saved answers of the safety screen, the self-check or a plan,
never a trunk-endurance test or the training log, and never a score.

    python -m backsafe progress share --name NAME [-o FILE]
"""
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from uuid import uuid4

from . import result_format as fmt
from .models import InputError
from .files import BadPath, WriteFailed, user_path, write_atomically
from .store import FILENAME, ProgressStore, StoreUnavailable, data_dir

CONTAINS = ("The file holds the name you type, whether you finished each lesson, and "
            "every answer you gave in the quizzes (lesson quizzes, reviews, the final "
            "assessment and the pre- and post-test), with the time of each.")
NEVER_SHARED = ("It never contains your safety-screen, self-check or training-log "
                "answers, your trunk-endurance tests or your saved plan.")
RESULTS_FOLDER = "results"      # under data_dir(), for the notebook's button
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                     *(f"lpt{n}" for n in range(1, 10))}


def check_name(name) -> str:
    """The chosen name, stripped; one plain sentence (InputError) when unusable."""
    if not isinstance(name, str) or not name.strip():
        raise InputError("Type a name or nickname for your instructor to see "
                         "(1 to 40 characters).")
    name = name.strip()
    if len(name) > fmt.MAX_NAME_CHARS:
        raise InputError(f"That name is {len(name)} characters long; use at most "
                         f"{fmt.MAX_NAME_CHARS} (a nickname is fine).")
    if any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in _BIDI for c in name):
        raise InputError("A name must not contain control characters such as a line "
                         "break or a tab; type it on one line.")
    return name


def file_name(name: str) -> str:
    """A safe file name made from the chosen name: ASCII letters, digits and '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_name).strip("-_")[:fmt.MAX_NAME_CHARS]
    if not stem or stem.lower() in _WINDOWS_RESERVED:
        stem = f"{stem}-learner" if stem else "learner"
    return stem + fmt.SUFFIX


def build_result(store: ProgressStore, name: str, *, learner: str | None = None,
                 now: datetime | None = None) -> dict:
    """The result file's content, from the store's completions and quiz attempts only."""
    from . import __version__
    from .content.catalogue import lessons

    name = check_name(name)
    done = set(store.completed_lessons())
    responses = [{"question": f"{r['lesson']}/{r['question']}", "kind": r["kind"],
                  "response": r["response"], "at": r["created_at"]}
                 for r in store.quiz_responses()]
    moment = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    return {"format": fmt.FORMAT, "schema": fmt.SCHEMA, "course_version": __version__,
            "learner": learner or store.learner_id(), "name": name, "written": moment,
            "lessons": {item.slug: {"complete": item.slug in done} for item in lessons()},
            "responses": responses}


def result_text(result: dict) -> str:
    """The file's text; refused when it is larger than the class report reads."""
    def line(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    # One field, lesson or answer per line: small, and easy for a learner to read.
    head = [f" {line(k)}: {line(v)}" for k, v in result.items()
            if k not in ("lessons", "responses")]
    lessons = ",\n".join(f"  {line(k)}: {line(v)}" for k, v in result["lessons"].items())
    answers = ",\n".join(f"  {line(r)}" for r in result["responses"])
    text = ("{\n" + ",\n".join(head) + f',\n "lessons": {{\n{lessons}\n }},\n'
            f' "responses": [\n{answers}\n ]\n}}\n')
    if len(text.encode("utf-8")) > fmt.MAX_FILE_BYTES:
        raise InputError(f"Your result would be larger than the class report reads "
                         f"({fmt.MAX_FILE_BYTES // 1_000_000} MB, {len(result['responses']):,}"
                         " answers); ask your instructor how to share it.")
    return text


def write_result(result: dict, target: Path) -> Path:
    """Write the file whole or not at all; returns its path."""
    text = result_text(result)
    write_atomically(target, lambda fh: fh.write(text))
    return target


def share(store: ProgressStore, name: str, folder: Path, *,
          learner: str | None = None) -> Path:
    """Write `folder/<name>.bsld-result.json` (folder made if needed)."""
    result = build_result(store, name, learner=learner)
    folder = _make_folder(output_path(folder))
    return write_result(result, folder / file_name(result["name"]))


def output_path(text) -> Path:
    """A path typed for something to write (StoreUnavailable, one sentence, when it
    cannot name a file)."""
    try:
        return user_path(text)
    except BadPath as exc:
        raise StoreUnavailable(f"Nothing was written: {exc}") from None


def _make_folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = (exc.strerror or str(exc)).lower()
        raise StoreUnavailable(f"Nothing was written: the folder {folder} could not be "
                               f"made ({why}); choose another folder.") from None
    return folder


def notebook_folder() -> Path:
    """Where the lesson's button writes result files."""
    return data_dir() / RESULTS_FOLDER


# ---------------------------------------------------------------------------
# The command line (backsafe.cli calls `add_share_parser` and `run_share`)
# ---------------------------------------------------------------------------

def add_share_parser(actions) -> None:
    share_cmd = actions.add_parser(
        "share", help="write a result file for your instructor (quiz answers and "
                      "lesson completion only)",
        description=f"Write a result file for your instructor's class report. {CONTAINS} "
                    f"{NEVER_SHARED}")
    share_cmd.add_argument("--name", help="the name your instructor sees (a nickname is "
                                          "fine; 1 to 40 characters)")
    share_cmd.add_argument("--output", "-o", help="file or folder to write (default: a "
                           f"file named after you, ending {fmt.SUFFIX}, in the folder "
                           f"'{RESULTS_FOLDER}' of your Back-Safe Leg Day data folder)")


def run_share(name: str | None, output: str | None, path: Path | None = None) -> int:
    """The `progress share` command; returns the exit code (messages on stderr)."""
    path = path or data_dir() / FILENAME
    try:
        name = check_name(name)
    except InputError as exc:
        why = ("Nothing was written: add the name your instructor should see" if name is None
               else str(exc).rstrip("."))
        print(f"{why}; give it with --name, for example --name Sam.", file=sys.stderr)
        return 2
    try:
        store = ProgressStore(path, read_only=True)
        learner, note = _learner_for_cli(store, path)
        target = _target(output, name, path)
        result = build_result(store, name, learner=learner)
        write_result(result, target)
    except (StoreUnavailable, WriteFailed, InputError) as exc:
        print(exc, file=sys.stderr)
        return 1
    count = len(result["responses"])
    print(f"Wrote {target} for your instructor ({count} quiz answer{'s' * (count != 1)}). "
          f"{NEVER_SHARED}", file=sys.stderr)
    if not count:
        print("Note: the file holds no quiz answers yet: check a lesson's quiz, then share "
              "again.", file=sys.stderr)
    if note:
        print(note, file=sys.stderr)
    if not target.name.endswith(fmt.SUFFIX):
        print(f"Note: the class report reads only files whose names end in {fmt.SUFFIX}.",
              file=sys.stderr)
    return 0


def _learner_for_cli(store: ProgressStore, path: Path) -> tuple[str, str | None]:
    """The learner id, and a note when it could not be kept.

    The command reads the progress file without changing it, except that the
    first share adds the learner id (one row in `meta`) so that sharing again is
    recognised as the same learner. If the file cannot be written, the result
    gets a one-off id, and the note says what that means.
    """
    learner = store.learner_id(create=False)
    if learner is not None:
        return learner, None
    if not store.intact():       # a writable store would move it aside and start afresh
        return uuid4().hex, (
            f"Your progress file {path} is damaged, so it was left as it is and this "
            "result file has a one-off learner id and only the answers that could be read; "
            "open a lesson to have the damaged file kept aside and a new one started.")
    try:
        return ProgressStore(path).learner_id(), None
    except StoreUnavailable:
        return uuid4().hex, (
            "Your progress file could not be written, so this result file has a one-off "
            "learner id: if you share again, your instructor's report will count you twice.")


def _target(output: str | None, name: str, progress: Path) -> Path:
    if output is None:               # beside the lesson button's files, outside any clone
        folder = notebook_folder()
        _make_folder(folder)
        return folder / file_name(name)
    target = output_path(output)
    if output.endswith(("/", os.sep)) or target.is_dir():     # a folder: name the file
        _make_folder(target)
        target = target / file_name(name)
    if target.resolve() in {Path(str(progress) + extra).resolve()
                            for extra in ("", "-journal", "-wal", "-shm")}:
        raise StoreUnavailable(f"Nothing was written: {target} is the progress file "
                               "itself; choose another file name.")
    return target
