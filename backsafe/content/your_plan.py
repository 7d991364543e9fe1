"""Lesson 07 content: when to see a professional (when_to_see.yaml) and the
answered FAQ (faq.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, keyed_items, load_yaml
from .markup import cited_keys, unknown_key

WHEN_FILE = "when_to_see.yaml"
FAQ_FILE = "faq.yaml"
TIER_IDS = ("emergency", "prompt", "self-manage")


@dataclass(frozen=True)
class CareTier:
    id: str
    heading: str
    action: str
    signs: tuple[str, ...]
    why: str
    references: tuple[str, ...]


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


def parse_tiers(data, file: str = WHEN_FILE, known_refs=None) -> tuple[CareTier, ...]:
    tiers = []
    for tid, item in keyed_items(data, "tiers", "id", file, slug=True):
        tier = CareTier(tid, field(item, "heading", str, file, tid),
                        field(item, "action", str, file, tid), _texts(item, "signs", file, tid),
                        field(item, "why", str, file, tid),
                        _texts(item, "references", file, tid))
        _check_refs(file, tid, tier.references, (tier.why, tier.action), known_refs)
        tiers.append(tier)
    if tuple(t.id for t in tiers) != TIER_IDS:
        raise ContentError(file, f"the tiers must be {', '.join(TIER_IDS)}, in that order",
                           None, "tiers")
    return tuple(tiers)


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
def care_tiers() -> tuple[CareTier, ...]:
    """The three tiers of when to see a professional, most urgent first."""
    from .references import references

    return parse_tiers(load_yaml(WHEN_FILE), known_refs=references())


@lru_cache(maxsize=1)
def faq() -> tuple[FaqItem, ...]:
    """The popular questions, each answered with a lesson link and references."""
    from .catalogue import lessons
    from .references import references

    return parse_faq(load_yaml(FAQ_FILE), known_refs=references(),
                     known_lessons={item.slug for item in lessons()})
