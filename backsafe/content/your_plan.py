"""Lesson 07 content: the answered FAQ (faq.yaml). When to see a professional
renders the care tiers of safety.py, the course's one source for them."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, keyed_items, load_yaml
from .markup import cited_keys, unknown_key

FAQ_FILE = "faq.yaml"


@dataclass(frozen=True)
class FaqItem:
    id: str
    question: str
    answer: str
    lesson: str
    references: tuple[str, ...]


def _texts(item, name, file, item_id) -> tuple[str, ...]:
    values = field(item, name, list, file, item_id)
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise ContentError(file, "needs at least one entry, each written as text",
                           item_id, name)
    return tuple(values)


def _check_refs(file, item_id, refs, texts, known) -> None:
    if known is None:
        return
    for key in list(refs) + [k for t in texts for k in cited_keys(t)]:
        if key not in known:
            raise ContentError(file, unknown_key(key), item_id, "references")


def parse_faq(data, file: str = FAQ_FILE, known_refs=None,
              known_lessons=None) -> tuple[FaqItem, ...]:
    items = []
    for fid, item in keyed_items(data, "questions", "id", file, slug=True):
        faq = FaqItem(fid, field(item, "question", str, file, fid),
                      field(item, "answer", str, file, fid),
                      field(item, "lesson", str, file, fid),
                      _texts(item, "references", file, fid))
        if known_lessons is not None and faq.lesson not in known_lessons:
            raise ContentError(file, f"unknown lesson '{faq.lesson}'", fid, "lesson")
        _check_refs(file, fid, faq.references, (faq.answer,), known_refs)
        items.append(faq)
    if not items:
        raise ContentError(file, "there are no questions", None, "questions")
    return tuple(items)


@lru_cache(maxsize=1)
def faq() -> tuple[FaqItem, ...]:
    """The popular questions, each answered with a lesson link and references."""
    from .catalogue import lessons
    from .references import references

    return parse_faq(load_yaml(FAQ_FILE), known_refs=references(),
                     known_lessons={item.slug for item in lessons()})
