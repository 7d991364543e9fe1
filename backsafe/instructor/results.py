"""Reading learners' result files (see `backsafe.result_format`), safely.

A file is checked before anything in it is used. Each thing wrong with a file
becomes one `Problem` line for the report and the rest of the class still
counts: a broken file is refused; a bad answer inside a good file is dropped.

Version rule: a file of another `schema` is refused (its fields may mean other
things); a file from another course version is read, with a note, because
every answer is graded again against the current banks and answers to
questions that no longer exist are dropped anyway.
"""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from .. import __version__
from .. import result_format as rf
from ..files import BadPath, user_path
from ..content.quizzes import Question
from ..models.item_stats import Grader
from ..store import KINDS

MAX_RESPONSES = 5_000        # every attempt at every question, many times over
MAX_LEARNER_CHARS = 100
MAX_CHOICES = 20
_SCORE_LIKE = re.compile(r"score|grade|correct|mark|percent|point|result|pass|gain",
                         re.I)
_EXAMPLES = 3


class FolderError(Exception):
    """The folder cannot be read; str(exc) is one sentence."""


@dataclass(frozen=True)
class Problem:
    file: str
    text: str

    def line(self) -> str:
        return f"{self.file}: {self.text}"


class Response(NamedTuple):       # a tuple: a class has ~100 of these per learner
    lesson: str
    question: str                # id inside the lesson's bank
    kind: str
    response: Any
    at: datetime


@dataclass(frozen=True)
class LearnerResult:
    file: str
    learner: str
    name: str                    # as the learner typed it: escape before showing
    written: datetime
    course_version: str
    completed: frozenset[str]
    responses: tuple[Response, ...]


@dataclass(frozen=True)
class ClassResults:
    folder: str
    learners: tuple[LearnerResult, ...]
    problems: tuple[Problem, ...]
    files: int                   # result files looked at


def current_questions() -> dict[str, Question]:
    """Every question of the course, keyed 'lesson/question' (lesson banks, the pre/post
    forms under 'pre-post/', the final assessment under 'final-assessment/')."""
    from ..content.question_ids import course_questions

    return course_questions()


class _Refused(Exception):
    """The whole file is refused; str(exc) is the reason."""


def _listed(items, total: int | None = None) -> str:
    items = list(items)
    total = len(items) if total is None else total
    shown = ", ".join(repr(str(i)[:40]) for i in items[:_EXAMPLES])
    return shown + (f" and {total - _EXAMPLES} more" if total > _EXAMPLES else "")


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _field(data: dict, name: str, kind: type, what: str):
    if name not in data:
        raise _Refused(f"the field '{name}' is missing; ask the learner to share again")
    value = data[name]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise _Refused(f"the field '{name}' should be {what}, not {type(value).__name__}")
    return value


def _version_note(version: str) -> str | None:
    if version == __version__:
        return None
    return (f"written by course version {version[:20]!r}, this is {__version__}; its "
            "answers were graded against the current questions")


class _FileReader:
    """Checks one parsed file; collects notes about what was dropped."""

    def __init__(self, name: str, questions: dict[str, Question], grader: Grader,
                 changes: dict[str, str | None] | None = None):
        self.name, self.questions, self.grade = name, questions, grader
        self.changes = changes or {}    # renamed ids -> current ids, retired -> None
        self.notes: list[str] = []
        self.dropped: dict[str, list[str]] = {}   # reason -> examples
        self.forged: list[str] = []

    def drop(self, reason: str, example: str) -> None:
        self.dropped.setdefault(reason, []).append(example)

    def read(self, data: Any) -> LearnerResult:
        if not isinstance(data, dict):
            raise _Refused(f"holds a JSON {type(data).__name__}, not a result object")
        if data.get("format") != rf.FORMAT:
            raise _Refused("is not a Back-Safe Leg Day result file (its 'format' is "
                           f"{str(data.get('format'))[:40]!r})")
        schema = _field(data, "schema", int, "a whole number")
        if schema != rf.SCHEMA:
            newer = "newer" if schema > rf.SCHEMA else "older"
            raise _Refused(f"uses result schema {schema}, written by a {newer} course; "
                           f"this course reads schema {rf.SCHEMA} (ask the learner to share "
                           "again with this course version)")
        version = _field(data, "course_version", str, "text")
        learner = _field(data, "learner", str, "text").strip()
        if not learner or len(learner) > MAX_LEARNER_CHARS:
            raise _Refused("the field 'learner' should be a short id")
        name = _field(data, "name", str, "text").strip()
        written = _when(_field(data, "written", str, "a date and time"))
        if written is None:
            raise _Refused("the field 'written' is not a date and time")
        lessons = _field(data, "lessons", dict, "an object")
        responses = _field(data, "responses", list, "a list")
        if len(responses) > MAX_RESPONSES:
            raise _Refused(f"holds {len(responses):,} answers, more than the "
                           f"{MAX_RESPONSES:,} a result file may hold")
        note = _version_note(version)
        if note:
            self.notes.append(note)
        if len(name) > rf.MAX_NAME_CHARS:
            self.notes.append(f"the name was {len(name):,} characters long; it is shown "
                              f"cut to {rf.MAX_NAME_CHARS}")
            name = name[:rf.MAX_NAME_CHARS]
        extra = [k for k in data if k not in rf.FIELDS]
        self.forged += [k for k in extra if _SCORE_LIKE.search(k)]
        unknown = [k for k in extra if not _SCORE_LIKE.search(k)]
        if unknown:
            self.notes.append(f"unknown field(s) {_listed(unknown)} ignored")
        result = LearnerResult(self.name, learner, name or "(no name)", written, version,
                               self._completed(lessons),
                               tuple(r for r in map(self._response, responses) if r))
        self._summarise()
        return result

    def _completed(self, lessons: dict) -> frozenset[str]:
        known = {q.partition("/")[0] for q in self.questions}
        done = set()
        for slug, entry in lessons.items():
            if not isinstance(entry, dict):
                self.drop("lesson entries that are not objects were ignored", slug)
                continue
            self.forged += [f"lessons.{slug}.{k}" for k in entry if _SCORE_LIKE.search(k)]
            if slug not in known:
                self.drop("lessons that are not in this course were ignored", slug)
            elif entry.get("complete") is True:
                done.add(slug)
        return frozenset(done)

    def _response(self, item: Any) -> Response | None:
        if not isinstance(item, dict):
            self.drop("answers that are not objects were dropped", type(item).__name__)
            return None
        if len(item) > len(rf.RESPONSE_FIELDS):
            self.forged += [f"responses[].{k}" for k in item
                            if k not in rf.RESPONSE_FIELDS and _SCORE_LIKE.search(k)]
        qid, kind, at = item.get("question"), item.get("kind"), _when(item.get("at"))
        if not isinstance(qid, str) or kind not in KINDS or at is None \
                or "response" not in item:
            self.drop("answers with a missing or malformed question, kind or time were "
                      "dropped", str(qid))
            return None
        if qid in self.changes:         # written before the question's id changed
            qid = self.changes[qid]
            if qid is None:
                self.drop("answers to retired questions were kept out of the scores",
                          str(item["question"]))
                return None
        question = self.questions.get(qid)
        if question is None:
            self.drop("answers to questions that no longer exist were dropped", qid)
            return None
        response = item["response"]
        if not self._gradable(question, response):
            self.drop("answers that are not a possible answer to their question were "
                      "dropped", qid)
            return None
        lesson, _, local = qid.partition("/")
        return Response(lesson, local, kind, response, at)

    def _gradable(self, question: Question, response: Any) -> bool:
        if question.type == "multiple":
            ok = isinstance(response, list) and 0 < len(response) <= MAX_CHOICES and all(
                isinstance(r, str) for r in response)
        elif question.type == "numeric":
            ok = isinstance(response, (str, int, float)) and not isinstance(response, bool)
        else:
            ok = isinstance(response, str) or (question.type == "true_false"
                                                and isinstance(response, bool))
        if not ok:
            return False
        try:
            return self.grade(question, response).answered
        except (ValueError, TypeError, OverflowError):   # e.g. an option it does not have
            return False

    def _summarise(self) -> None:
        if self.forged:
            self.notes.append(f"score-like field(s) {_listed(dict.fromkeys(self.forged))} "
                              "ignored: scores are always recomputed from the answers")
        for reason, examples in self.dropped.items():
            self.notes.append(f"{reason}: {len(examples):,} ({_listed(examples)})")


def read_result(path: Path, questions: dict[str, Question], grader: Grader | None = None,
                changes: dict[str, str | None] | None = None
                ) -> tuple[LearnerResult | None, list[Problem]]:
    """One result file: (the learner's result or None if refused, its problems).
    `changes` maps old question keys to current ones (None: retired), so a file
    written before a question was renamed keeps its meaning.

    The size is checked with lstat before a byte is read; links and anything
    that is not a regular file are refused.
    """
    name = path.name
    try:
        info = os.lstat(path)
    except OSError as exc:
        return None, [Problem(name, f"could not be read ({exc.strerror or exc}); skipped")]
    if stat.S_ISLNK(info.st_mode):
        return None, [Problem(name, "is a link; links are not followed, skipped")]
    if stat.S_ISDIR(info.st_mode):
        return None, [Problem(name, "is a folder, not a result file; skipped")]
    if not stat.S_ISREG(info.st_mode):
        return None, [Problem(name, "is not a regular file; skipped")]
    if info.st_size > rf.MAX_FILE_BYTES:
        return None, [Problem(name, f"is {info.st_size:,} bytes, far larger than a result "
                                    f"file (at most {rf.MAX_FILE_BYTES:,}); refused unread")]
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            raw = fh.read(rf.MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Problem(name, f"could not be read ({exc.strerror or exc}); skipped")]
    if len(raw) > rf.MAX_FILE_BYTES:
        return None, [Problem(name, "grew larger than a result file while being read; "
                                    "refused")]
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        return None, [Problem(name, "is not UTF-8 text, so not a result file; skipped")]
    except (ValueError, RecursionError):
        return None, [Problem(name, "is not valid JSON (damaged or not a result file); "
                                    "skipped")]
    reader = _FileReader(name, questions, grader or Grader(), changes)
    try:
        result = reader.read(data)
    except _Refused as exc:
        return None, [Problem(name, f"{exc}; skipped")]
    return result, [Problem(name, note) for note in reader.notes]


def _no_constant(token: str):
    raise ValueError(f"{token} is not a number a result file may hold")


def read_folder(folder: str | os.PathLike, questions: dict[str, Question] | None = None
                ) -> ClassResults:
    """Every result file (*.bsld-result.json) in a folder, not its subfolders.

    Raises FolderError when the folder itself cannot be read.
    """
    try:
        path = user_path(folder)
    except BadPath as exc:
        raise FolderError(str(exc)) from None
    if not path.exists():
        raise FolderError(f"There is no folder {path}; give the folder that holds the "
                          "learners' result files.")
    if not path.is_dir():
        raise FolderError(f"{path} is a file, not a folder; give the folder that holds "
                          "the learners' result files.")
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as exc:
        raise FolderError(f"The folder {path} could not be read "
                          f"({(exc.strerror or str(exc)).lower()}).") from None
    from ..content.question_ids import key_changes

    questions = current_questions() if questions is None else questions
    changes = key_changes()
    grader = Grader()
    matching = [e for e in entries if e.name.endswith(rf.SUFFIX)]
    others = [e.name for e in entries if not e.name.endswith(rf.SUFFIX)
              and not e.name.startswith(".")]
    problems, learners = [], {}
    if others:
        problems.append(Problem(
            "(folder)", f"{len(others):,} other file(s) or folder(s) ignored because their "
            f"names do not end in {rf.SUFFIX} ({_listed(others)})"))
    for entry in matching:
        result, found = read_result(Path(entry.path), questions, grader, changes)
        problems += found
        if result is None:
            continue
        earlier = learners.get(result.learner)
        if earlier is None:
            learners[result.learner] = result
            continue
        keep, drop = (result, earlier) if result.written >= earlier.written \
            else (earlier, result)
        learners[result.learner] = keep
        problems.append(Problem(drop.file, f"the same learner as {keep.file}, which was "
                                "written later and is the one counted; skipped"))
    return ClassResults(str(path), tuple(learners.values()), tuple(problems),
                        len(matching))
