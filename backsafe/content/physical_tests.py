"""Running the physical tests safely (physical_tests.yaml): equipment, the partner's
role, a clear floor, opting out, stop signs and privacy, plus each test's own rules.

The same text goes into the instructor guide and lessons 03 and 04
(`physical_test_safety`), so the two can never disagree.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, UnknownName, field, keyed_items, load_yaml

FILE = "physical_tests.yaml"
TOPICS = ("equipment", "partner", "space", "opt-out", "stop", "privacy")
HEADINGS = {"equipment": "Equipment", "partner": "The partner's role", "space": "A clear floor",
            "opt-out": "Opting out", "stop": "When to stop", "privacy": "Your results stay yours"}
STOP_WORDS = ("pain", "cramp", "dizz")
# The rules that must hold whatever the file says (issue 23).
MUST_NEVER = {"back-extensor-hold": ("alone", "legs secured"), "thomas-test": ("alone",)}


@dataclass(frozen=True)
class PhysicalTest:
    id: str
    name: str
    lesson: str
    equipment: str
    partner: str
    never: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PhysicalTestSafety:
    basis: str
    rules: tuple[tuple[str, str], ...]        # (topic, text) in TOPICS order
    stop_signs: tuple[str, ...]
    tests: tuple[PhysicalTest, ...]

    def test(self, test_id: str) -> PhysicalTest:
        for item in self.tests:
            if item.id == test_id:
                return item
        raise UnknownName(f"There is no physical test called '{test_id}'. Tests: "
                          f"{', '.join(t.id for t in self.tests)}.")


def _texts(item, name, file, item_id) -> tuple[str, ...]:
    values = field(item, name, list, file, item_id)
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise ContentError(file, "give at least one line of text", item_id, name)
    return tuple(v.strip() for v in values)


def parse_physical_tests(data, file: str = FILE, lessons=None,
                         known_refs=None) -> PhysicalTestSafety:
    """Validate the file; `lessons` (slugs) and `known_refs` default to the catalogue
    and the references."""
    if lessons is None:
        from .catalogue import lessons as catalogue

        lessons = [x.slug for x in catalogue()]
    if known_refs is None:
        from .references import references

        known_refs = references()
    rules = {}
    for n, raw in enumerate(field(data, "rules", list, file, None), 1):
        topic = field(raw, "topic", str, file, f"rules[{n}]")
        if topic not in TOPICS:
            raise ContentError(file, f"unknown topic '{topic}'; use one of {', '.join(TOPICS)}",
                               f"rules[{n}]", "topic")
        if topic in rules:
            raise ContentError(file, f"the topic '{topic}' is covered twice", f"rules[{n}]",
                               "topic")
        rules[topic] = field(raw, "text", str, file, f"rules[{n}]").strip()
    missing = [t for t in TOPICS if t not in rules]
    if missing:
        raise ContentError(file, f"the rules must cover {', '.join(missing)}", None, "rules")
    stops = _texts(data, "stop_signs", file, None)
    joined = " ".join(stops).lower()
    absent = [w for w in STOP_WORDS if w not in joined]
    if absent:
        raise ContentError(file, "the stop signs must name pain, cramp and dizziness "
                           f"(missing: {', '.join(absent)})", None, "stop_signs")
    tests = []
    for tid, item in keyed_items(data, "tests", "id", file, slug=True):
        lesson = field(item, "lesson", str, file, tid)
        if lesson not in lessons:
            raise ContentError(file, f"there is no lesson '{lesson}'", tid, "lesson")
        never = _texts(item, "never", file, tid)
        for phrase in MUST_NEVER.get(tid, ()):
            if not any(phrase in line.lower() for line in never):
                raise ContentError(file, f"this test needs a 'never' rule that says "
                                   f"'{phrase}'", tid, "never")
        sources = tuple(field(item, "sources", list, file, tid))
        for key in sources:
            if key not in known_refs:
                raise ContentError(file, f"unknown reference key '{key}'", tid, "sources")
        tests.append(PhysicalTest(tid, field(item, "name", str, file, tid), lesson,
                                  field(item, "equipment", str, file, tid),
                                  field(item, "partner", str, file, tid), never, sources))
    for tid in MUST_NEVER:
        if tid not in {t.id for t in tests}:
            raise ContentError(file, f"the test '{tid}' must be described", None, "tests")
    return PhysicalTestSafety(field(data, "basis", str, file, None),
                              tuple((t, rules[t]) for t in TOPICS), stops, tuple(tests))


@lru_cache(maxsize=1)
def physical_tests() -> PhysicalTestSafety:
    """The shipped safety rules, fully validated."""
    return parse_physical_tests(load_yaml(FILE))


def safety_html(test_ids=None, heading_level: int = 3) -> str:
    """The rules, the stop signs and each named test's own rules (default: every
    test), as HTML; `heading_level` fits it under a lesson's or the guide's headings."""
    from .references import cite

    content = physical_tests()
    chosen = ([content.test(t) for t in test_ids] if test_ids else list(content.tests))
    h = f"h{heading_level}"
    rules = "".join(f"<dt>{HEADINGS[t]}</dt><dd>{html.escape(text)}</dd>"
                    for t, text in content.rules)
    stops = "".join(f"<li>{html.escape(s)}</li>" for s in content.stop_signs)
    tests = "".join(
        f'<section class="bsld-physical-test" id="test-{t.id}"><{h}>{html.escape(t.name)}'
        f"</{h}><p><strong>Equipment:</strong> {html.escape(t.equipment)}</p>"
        f"<p><strong>Partner:</strong> {html.escape(t.partner)}</p><ul>"
        + "".join(f"<li><strong>{html.escape(n)}</strong></li>" for n in t.never)
        + f"</ul><p><small>How the test is done: "
        f"{html.escape('; '.join(cite(k) for k in t.sources))}.</small></p></section>"
        for t in chosen)
    return (f'<section class="bsld-physical-safety" aria-label="Doing the tests safely">'
            f"<p>{html.escape(content.basis)}</p><dl>{rules}</dl>"
            f"<{h}>Stop signs</{h}><ul>{stops}</ul>{tests}</section>")
