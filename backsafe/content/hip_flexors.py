"""Lesson 04 content: the modified Thomas test walkthrough (hip_flexors.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, keyed_items, load_yaml
from .markup import cited_keys, unknown_key

FILE = "hip_flexors.yaml"
FINDING_IDS = ("thigh-above", "thigh-level", "thigh-below",
               "knee-short", "knee-unclear", "knee-clear")


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Finding:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Limit:
    id: str
    text: str


@dataclass(frozen=True)
class ThomasContent:
    steps: tuple[Step, ...]
    findings: dict[str, Finding]
    limits: tuple[Limit, ...]


def parse_hip_flexors(data, file: str = FILE, known_refs=None) -> ThomasContent:
    """Validate the walkthrough file; every finding the model can return must exist,
    and (when `known_refs` is given) every [@key] citation must be a known reference."""

    def _text(item: dict, name: str, file: str, item_id: str) -> str:
        value = field(item, name, str, file, item_id)
        for key in cited_keys(value):
            if known_refs is not None and key not in known_refs:
                raise ContentError(file, unknown_key(key), item_id, name)
        return value

    steps = tuple(Step(sid, field(item, "title", str, file, sid), _text(item, "text", file, sid))
                  for sid, item in keyed_items(data, "steps", "id", file, slug=True))
    if not steps:
        raise ContentError(file, "there are no steps", None, "steps")
    findings = {fid: Finding(fid, field(item, "title", str, file, fid),
                             _text(item, "text", file, fid))
                for fid, item in keyed_items(data, "findings", "id", file, slug=True)}
    missing = [f for f in FINDING_IDS if f not in findings]
    if missing:
        raise ContentError(file, f"missing findings: {', '.join(missing)}", None, "findings")
    limits = tuple(Limit(lid, _text(item, "text", file, lid))
                   for lid, item in keyed_items(data, "limits", "id", file, slug=True))
    if not limits:
        raise ContentError(file, "there are no limits", None, "limits")
    return ThomasContent(steps, findings, limits)


@lru_cache(maxsize=1)
def thomas_content() -> ThomasContent:
    """The parsed walkthrough (read once)."""
    from .references import references

    return parse_hip_flexors(load_yaml(FILE), FILE, references())
