"""Question banks (quizzes/<slug>.yaml): loading and validation."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from .loader import (ContentError, UnknownName, check_slug, choice, field, load_yaml,
                     parse_yaml)
from .markup import cited_keys, unknown_key

TYPES = ("single", "multiple", "true_false", "numeric")
MAX_QUESTIONS = 100
MAX_CHECKS = 3          # short checks between a lesson's sections


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str
    explanation: str
    references: tuple[str, ...]
    options: tuple[Option, ...] = ()
    answer: float | None = None          # numeric only
    tolerance: float | None = None       # numeric only, absolute, inclusive
    unit: str | None = None
    units_accepted: tuple[str, ...] = ()
    feedback: tuple[tuple[str, str], ...] = ()   # numeric: correct/too_low/too_high
    check: int | None = None             # the short check (1-3) between sections it is in

    def feedback_for(self, outcome: str) -> str:
        return dict(self.feedback)[outcome]


@dataclass(frozen=True)
class QuizBank:
    lesson: str
    file: str
    questions: tuple[Question, ...]
    renamed: tuple[tuple[str, str], ...] = ()   # old id -> new id (same question reworded)
    retired: tuple[str, ...] = ()               # ids no longer asked; old answers are kept

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise UnknownName(f"No question '{qid}' in {self.file}.")


def _options(item: dict, file: str, qid: str) -> tuple[Option, ...]:
    raw = field(item, "options", list, file, qid)
    if len(raw) < 2:
        raise ContentError(file, "needs at least two options", qid, "options")
    options, seen = [], set()
    for n, opt in enumerate(raw, 1):
        where = f"options[{n}]"
        if not isinstance(opt, dict):
            raise ContentError(file, "each option must be a mapping", qid, where)
        for name, kind in (("id", str), ("text", str), ("correct", bool),
                           ("feedback", str)):
            if opt.get(name) is None:
                raise ContentError(file, "this field is required", qid, f"{where}.{name}")
            if not isinstance(opt[name], kind) or (kind is str and not opt[name].strip()):
                raise ContentError(file, f"has the wrong type or is empty: {opt[name]!r}",
                                   qid, f"{where}.{name}")
        if opt["id"] in seen:
            raise ContentError(file, f"option id '{opt['id']}' is used twice", qid,
                               f"{where}.id")
        seen.add(opt["id"])
        options.append(Option(opt["id"], opt["text"], opt["correct"], opt["feedback"]))
    return tuple(options)


def _feedback_map(item: dict, file: str, qid: str, keys) -> dict:
    fb = field(item, "feedback", dict, file, qid)
    out = {}
    for key in keys:
        # YAML reads `true:` and `false:` as booleans; accept both spellings.
        value = fb.get(key, fb.get({"true": True, "false": False}.get(key, key)))
        if not isinstance(value, str) or not value.strip():
            raise ContentError(file, "feedback text is required for this answer", qid,
                               f"feedback.{key}")
        out[key] = value
    return out


def parse_question(item, file: str, known_refs=None) -> Question:
    qid = item.get("id") if isinstance(item, dict) else None
    qid = field(item, "id", str, file, qid if isinstance(qid, str) else None)
    check_slug(qid, file, qid)
    qtype = choice(item, "type", TYPES, file, qid)
    common = dict(
        id=qid, type=qtype,
        prompt=field(item, "prompt", str, file, qid),
        explanation=field(item, "explanation", str, file, qid),
        references=tuple(field(item, "references", list, file, qid)),
        check=field(item, "check", int, file, qid, required=False),
    )
    if common["check"] is not None and not 1 <= common["check"] <= MAX_CHECKS:
        raise ContentError(file, f"should be a short check's number, 1 to {MAX_CHECKS}, "
                           f"not {common['check']}", qid, "check")
    if not common["references"]:
        raise ContentError(file, "cite at least one reference", qid, "references")
    if not all(isinstance(key, str) for key in common["references"]):
        raise ContentError(file, "every entry must be a reference key written as text",
                           qid, "references")
    question = _parse_answer(item, file, qid, qtype, common)
    if known_refs is not None:
        _check_citations(question, file, known_refs)
    return question


def _check_citations(q: Question, file: str, known_refs) -> None:
    """Every key in `references` and every [@key] in any text of the question exists."""
    texts = {"prompt": q.prompt, "explanation": q.explanation}
    for n, o in enumerate(q.options, 1):
        if q.type == "true_false":                 # written as feedback.true / .false
            texts[f"feedback.{o.id}"] = o.feedback
            continue
        texts[f"options[{n}].text"] = o.text
        texts[f"options[{n}].feedback"] = o.feedback
    texts.update({f"feedback.{k}": v for k, v in q.feedback})
    places = [("references", key) for key in q.references]
    places += [(where, key) for where, text in texts.items() for key in cited_keys(text)]
    for where, key in places:
        if key not in known_refs:
            raise ContentError(file, unknown_key(key), q.id, where)


def _parse_answer(item: dict, file: str, qid: str, qtype: str, common: dict) -> Question:
    if qtype in ("single", "multiple"):
        options = _options(item, file, qid)
        n_correct = sum(o.correct for o in options)
        if n_correct == 0:
            raise ContentError(file, "no option is marked correct", qid, "options")
        if qtype == "single" and n_correct > 1:
            raise ContentError(file, "a single-choice question needs exactly one correct "
                               "option", qid, "options")
        return Question(options=options, **common)
    if qtype == "true_false":
        answer = field(item, "answer", bool, file, qid)
        fb = _feedback_map(item, file, qid, ("true", "false"))
        options = (Option("true", "True", answer is True, fb["true"]),
                   Option("false", "False", answer is False, fb["false"]))
        return Question(options=options, **common)
    tolerance = field(item, "tolerance", float, file, qid)
    if tolerance < 0:
        raise ContentError(file, "must be zero or more", qid, "tolerance")
    unit = field(item, "unit", str, file, qid, required=False)
    accepted = field(item, "units_accepted", list, file, qid, required=False, default=[])
    fb = _feedback_map(item, file, qid, ("correct", "too_low", "too_high"))
    return Question(answer=field(item, "answer", float, file, qid), tolerance=tolerance,
                    unit=unit, units_accepted=tuple(str(u) for u in accepted),
                    feedback=tuple(fb.items()), **common)


def parse_questions(data, file: str, known_refs=None, *, name: str = "the bank",
                    extra: tuple[str, ...] = ()) -> list[Question]:
    """The `questions` list of `data`: not empty, at most MAX_QUESTIONS, ids unique.
    Keys named in `extra` belong to the caller and are not read here."""
    items = field(data, "questions", list, file, None)
    if not items:
        raise ContentError(file, f"{name} has no questions", None, "questions")
    if len(items) > MAX_QUESTIONS:
        raise ContentError(file, f"{name} has {len(items):,} questions; it may have at most "
                           f"{MAX_QUESTIONS}", None, "questions")
    questions, seen = [], set()
    for item in items:
        if extra and isinstance(item, dict):
            item = {k: v for k, v in item.items() if k not in extra}
        q = parse_question(item, file, known_refs)
        if q.id in seen:
            raise ContentError(file, "this question id is used twice", q.id, "id")
        seen.add(q.id)
        questions.append(q)
    return questions


def parse_bank(data, file: str, known_refs=None) -> QuizBank:
    lesson = field(data, "lesson", str, file, None)
    questions = parse_questions(data, file, known_refs)
    renamed, retired = id_changes(data, file, {q.id for q in questions})
    return QuizBank(lesson, file, tuple(questions), renamed, retired)


def id_changes(data: dict, file: str, current: set[str]):
    """A question file's `renamed` (old id -> new id) and `retired` (old ids)
    entries, checked against its `current` ids."""
    renamed = field(data, "renamed", dict, file, None, required=False, default={})
    retired = field(data, "retired", list, file, None, required=False, default=[])
    for old, new in renamed.items():
        if not isinstance(old, str) or not isinstance(new, str):
            raise ContentError(file, "old and new ids must be written as text", None,
                               "renamed")
        if new not in current:
            raise ContentError(file, f"renames '{old}' to '{new}', which is not a question "
                               "of this bank", old, "renamed")
    for old in list(renamed) + retired:
        if not isinstance(old, str):
            raise ContentError(file, f"ids must be written as text, not {old!r}", None,
                               "retired")
        if old in current:
            raise ContentError(file, f"'{old}' is still a question of this bank; only "
                               "ids no longer used can be renamed or retired", old,
                               "renamed" if old in renamed else "retired")
    return tuple(renamed.items()), tuple(retired)


def parse_bank_bytes(raw: bytes, file: str, known_refs=None) -> QuizBank:
    return parse_bank(parse_yaml(raw, file), file, known_refs)


def bank_file(slug: str) -> str:
    return f"quizzes/{slug}.yaml"


def bank_for(slug: str) -> QuizBank | None:
    """The lesson's bank, or None when the lesson has no quiz file."""
    if not resources.files("backsafe.content").joinpath(bank_file(slug)).is_file():
        return None
    return load_bank(slug)


@cache
def load_bank(slug: str) -> QuizBank:
    """Load and fully validate a lesson's question bank."""
    from .catalogue import lesson
    from .references import references

    lesson(slug)                     # a misspelt lesson name lists the real ones
    file = bank_file(slug)
    bank = parse_bank(load_yaml(file), file, known_refs=references())
    if bank.lesson != slug:
        raise ContentError(file, f"says lesson '{bank.lesson}' but the file is for "
                           f"'{slug}'", None, "lesson")
    return bank


def bank_references(bank: QuizBank) -> set[str]:
    keys = set()
    for q in bank.questions:
        keys |= set(q.references)
        keys |= set(cited_keys(q.prompt)) | set(cited_keys(q.explanation))
        keys |= {k for o in q.options for k in cited_keys(o.feedback) + cited_keys(o.text)}
        keys |= {k for _, text in q.feedback for k in cited_keys(text)}
    return keys
