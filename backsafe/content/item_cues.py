"""Answer cues in a set of questions: what a test-wise learner who knows nothing scores.

Pure: takes `Question`s (backsafe.content.quizzes) and returns figures. The limits
(issue 21, after Haladyna, Downing & Rodriguez 2002) are checked by
tests/test_item_cues.py on every bank; print the table with

    python -m backsafe.content.item_cues
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterable, Sequence

from ..models.grading import leading_number, starts_with_numbers

MAX_LONGEST_CORRECT = 0.40     # share of single-choice items whose key is strictly longest
TRUE_SHARE = (0.30, 0.70)      # share of true/false items that are True
MAX_OVER_CHANCE = 0.15         # a strategy may beat chance by at most this much
MIN_ITEMS = 4                  # below this many items of a kind, a share proves nothing
MIN_TRUE_FALSE = 2             # ...except the True share: two items must split one each

ABSOLUTE = re.compile(r"\b(always|never|only|all|none|every|everyone|nothing|no one|"
                      r"proven|proves|must|cannot|can't|impossible|guarantees?|"
                      r"completely|entirely|certainly|definitely)\b", re.I)
NONE_OR_ALL = re.compile(r"^\s*(none|all)\b", re.I)


def has_absolute(text: str) -> bool:
    return bool(ABSOLUTE.search(text))


def _share(hits: float, n: int) -> float | None:
    return hits / n if n else None


@dataclass(frozen=True)
class Strategy:
    """A test-wise strategy's expected score on the items it applies to."""
    name: str
    items: int
    score: float | None          # expected share correct (ties split evenly)
    chance: float | None         # expected share correct by blind guessing

    @property
    def over_chance(self) -> float | None:
        return None if self.score is None else self.score - self.chance

    @property
    def judged(self) -> bool:
        return self.items >= MIN_ITEMS


@dataclass(frozen=True)
class CueReport:
    name: str
    single: int
    longest_correct: float | None     # share of single items whose key is strictly longest
    true_false: int
    true_share: float | None
    none_or_all: tuple[str, ...]      # "question-id: option text" of options starting None/All
    unordered_numbers: tuple[str, ...]  # ids of items with numeric options not ascending
    strategies: tuple[Strategy, ...]

    def problems(self) -> list[str]:
        """Each limit this set breaks, as one sentence (empty when it passes)."""
        out = []
        if self.single >= MIN_ITEMS and self.longest_correct > MAX_LONGEST_CORRECT:
            out.append(f"{self.name}: in {self.longest_correct:.0%} of single-choice items "
                       f"the correct option is the longest (limit {MAX_LONGEST_CORRECT:.0%});"
                       " move the justification into the option's feedback")
        low, high = TRUE_SHARE
        if self.true_false >= MIN_TRUE_FALSE and not low <= self.true_share <= high:
            out.append(f"{self.name}: {self.true_share:.0%} of true/false items are True "
                       f"(keep it between {low:.0%} and {high:.0%})")
        out += [f"{self.name}: an option starts with None or All ({o}); write a real "
                "alternative" for o in self.none_or_all]
        out += [f"{self.name}: numeric options of {q} are not in ascending order"
                for q in self.unordered_numbers]
        for s in self.strategies:
            if s.judged and s.over_chance > MAX_OVER_CHANCE:
                out.append(f"{self.name}: '{s.name}' scores {s.score:.0%} against chance "
                           f"{s.chance:.0%} (limit chance + {MAX_OVER_CHANCE:.0%})")
        return out


def _longest(options) -> list:
    top = max(len(o.text) for o in options)
    return [o for o in options if len(o.text) == top]


def _pick_score(candidates) -> float:
    """Expected score of picking one of `candidates` at random."""
    return sum(o.correct for o in candidates) / len(candidates)


def _without_absolutes(options) -> list:
    plain = [o for o in options if not has_absolute(o.text)]
    return plain or list(options)


def _statement_says_true(q) -> bool:
    return next(o for o in q.options if o.id == "true").correct


def _is_ascending(options) -> bool:
    if not starts_with_numbers(options):
        return True                      # not a numeric item
    values = [leading_number(o.text) for o in options]
    return values == sorted(values)


def cue_report(name: str, questions: Iterable) -> CueReport:
    """The figures for one set of questions (a bank, a test form, the final bank)."""
    questions = list(questions)
    single = [q for q in questions if q.type == "single"]
    tf = [q for q in questions if q.type == "true_false"]
    strictly = sum(len(_longest(q.options)) == 1 and _longest(q.options)[0].correct
                   for q in single)
    trues = sum(_statement_says_true(q) for q in tf)
    none_all = tuple(f"{q.id}: {o.text[:40]}" for q in questions if q.type != "true_false"
                     for o in q.options if NONE_OR_ALL.match(o.text))
    unordered = tuple(q.id for q in questions if q.type in ("single", "multiple")
                      and not _is_ascending(q.options))
    chance_single = sum(1 / len(q.options) for q in single)
    guessable = single + tf
    chance_all = chance_single + 0.5 * len(tf)
    longest = sum(_pick_score(_longest(q.options)) for q in single)
    avoid = sum(_pick_score(_without_absolutes(q.options)) for q in single)
    combined = sum(_pick_score(_longest(_without_absolutes(q.options))) for q in single)
    combined += len(tf) - trues
    strategies = (
        Strategy("longest option", len(single), _share(longest, len(single)),
                 _share(chance_single, len(single))),
        Strategy("answer False", len(tf), _share(len(tf) - trues, len(tf)),
                 0.5 if tf else None),
        Strategy("avoid absolute words", len(single), _share(avoid, len(single)),
                 _share(chance_single, len(single))),
        Strategy("all three together", len(guessable), _share(combined, len(guessable)),
                 _share(chance_all, len(guessable))),
    )
    return CueReport(name, len(single), _share(strictly, len(single)), len(tf),
                     _share(trues, len(tf)), none_all, unordered, strategies)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def cue_table(reports: Sequence[CueReport]) -> str:
    """A plain-text table of the figures, one row per set of questions."""
    head = ("set", "single", "longest key", "T/F", "True", "None/All",
            "longest", "False", "no absolutes", "together")
    rows = [head]
    for r in reports:
        strat = [f"{_pct(s.score)}/{_pct(s.chance)}" + ("" if s.judged else "?")
                 for s in r.strategies]
        rows.append((r.name, str(r.single), _pct(r.longest_correct), str(r.true_false),
                     _pct(r.true_share), str(len(r.none_or_all)), *strat))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join(lines + [
        "", "Strategy columns: score of a learner who knows nothing / chance. '?' marks "
        f"fewer than {MIN_ITEMS} items: shown, not judged (the True share is judged from "
        f"{MIN_TRUE_FALSE} true/false items). Limits: longest key <= "
        f"{MAX_LONGEST_CORRECT:.0%}; True {TRUE_SHARE[0]:.0%}-{TRUE_SHARE[1]:.0%}; no "
        f"None/All options; every strategy <= chance + {MAX_OVER_CHANCE:.0%}."])


def course_sets() -> list[tuple[str, list]]:
    """(name, questions) for every set the course asks: each lesson bank, all lesson
    banks together, each pre/post form and the final assessment (when present)."""
    from importlib import resources

    from .catalogue import lessons
    from .quizzes import bank_for

    sets, pooled = [], []
    for lesson in lessons():
        bank = bank_for(lesson.slug)
        if bank is not None:
            sets.append((lesson.slug, list(bank.questions)))
            pooled += bank.questions
    sets.append(("all lesson banks", pooled))
    root = resources.files("backsafe.content")
    if root.joinpath("pre_post_forms.yaml").is_file():
        from .pre_post import form_questions

        for form in ("a", "b"):
            sets.append((f"pre/post form {form.upper()}",
                         [q for _, q in form_questions(form)]))
    if root.joinpath("final_assessment.yaml").is_file():
        from .final_assessment import final_items

        sets.append(("final assessment", [item.question for item in final_items()]))
    return sets


def main() -> int:
    reports = [cue_report(name, qs) for name, qs in course_sets()]
    print(cue_table(reports))
    problems = [p for r in reports for p in r.problems()]
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
