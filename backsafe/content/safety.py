"""Red flags and care tiers (safety.yaml): the one source that lesson 00's screen,
lesson 07's "when to see a professional", lesson 06's warning signs, the
prevention plan and the instructor guide all render from."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, keyed_items, load_yaml
from .markup import cited_keys

FILE = "safety.yaml"
TIER_IDS = ("emergency", "prompt", "self-manage")    # most urgent first
SCREENED_TIERS = TIER_IDS[:2]                        # a red flag is never self-managed

_TOP = {"basis", "tiers", "groups", "red_flags"}
_TIER_FIELDS = {"id", "heading", "action", "why", "references", "signs"}
_GROUP_FIELDS = {"id", "tier", "note"}
_FLAG_FIELDS = {"id", "tier", "group", "text", "short"}


@dataclass(frozen=True)
class Tier:
    id: str
    heading: str
    action: str
    why: str
    references: tuple[str, ...]
    signs: tuple[str, ...] = ()      # signs of this tier that are not red flags


@dataclass(frozen=True)
class FlagGroup:
    id: str
    tier: str
    note: str                        # says that any one sign of the group is enough


@dataclass(frozen=True)
class RedFlag:
    id: str
    tier: str
    text: str
    group: str | None = None
    short: str | None = None         # a group's sign in a few words, for one-line notices


@dataclass(frozen=True)
class SafetyContent:
    basis: str                       # where the tiers come from, with citations
    tiers: tuple[Tier, ...]          # most urgent first
    groups: tuple[FlagGroup, ...]
    red_flags: tuple[RedFlag, ...]

    def tier(self, tier_id: str) -> Tier:
        return next(t for t in self.tiers if t.id == tier_id)

    def flags_of(self, tier_id: str) -> tuple[RedFlag, ...]:
        return tuple(f for f in self.red_flags if f.tier == tier_id)

    def group(self, group_id: str) -> FlagGroup:
        return next(g for g in self.groups if g.id == group_id)


def _only(item, allowed: set[str], file: str, item_id: str | None) -> None:
    if isinstance(item, dict):
        extra = sorted(set(item) - allowed)
        if extra:
            raise ContentError(file, f"unknown field; use only {', '.join(sorted(allowed))}",
                               item_id, extra[0])


def _texts(item, name: str, file: str, item_id: str, required: bool = True):
    values = field(item, name, list, file, item_id, required=required, default=[])
    if (required and not values) or not all(isinstance(v, str) and v.strip()
                                            for v in values):
        raise ContentError(file, "needs a list of texts", item_id, name)
    return tuple(values)


def _check_refs(file, item_id, keys, known) -> None:
    if known is not None:
        for key in keys:
            if key not in known:
                raise ContentError(file, f"unknown reference key '{key}'", item_id,
                                   "references")


def parse_safety(data, file: str = FILE, known_refs=None) -> SafetyContent:
    """Validate safety.yaml; every problem names the file, the item and the field."""
    _only(data, _TOP, file, None)
    basis = field(data, "basis", str, file, None)
    _check_refs(file, None, cited_keys(basis), known_refs)
    tiers = []
    for tid, item in keyed_items(data, "tiers", "id", file, slug=True):
        _only(item, _TIER_FIELDS, file, tid)
        tier = Tier(tid, field(item, "heading", str, file, tid),
                    field(item, "action", str, file, tid), field(item, "why", str, file, tid),
                    _texts(item, "references", file, tid),
                    _texts(item, "signs", file, tid, required=False))
        _check_refs(file, tid, tier.references + tuple(cited_keys(tier.why)), known_refs)
        tiers.append(tier)
    if tuple(t.id for t in tiers) != TIER_IDS:
        raise ContentError(file, f"the tiers must be {', '.join(TIER_IDS)}, in that order",
                           None, "tiers")
    groups = []
    for gid, item in keyed_items(data, "groups", "id", file, slug=True):
        _only(item, _GROUP_FIELDS, file, gid)
        group = FlagGroup(gid, field(item, "tier", str, file, gid),
                          field(item, "note", str, file, gid))
        if group.tier not in SCREENED_TIERS:
            raise ContentError(file, f"a group's tier is one of {', '.join(SCREENED_TIERS)}",
                               gid, "tier")
        _check_refs(file, gid, cited_keys(group.note), known_refs)
        groups.append(group)
    group_tier = {g.id: g.tier for g in groups}
    flags = []
    for fid, item in keyed_items(data, "red_flags", "id", file, slug=True):
        _only(item, _FLAG_FIELDS, file, fid)
        flag = RedFlag(fid, field(item, "tier", str, file, fid),
                       field(item, "text", str, file, fid),
                       field(item, "group", str, file, fid, required=False),
                       field(item, "short", str, file, fid, required=False))
        if flag.tier not in SCREENED_TIERS:
            raise ContentError(file, f"unknown tier '{flag.tier}'; a red flag is one of "
                               f"{', '.join(SCREENED_TIERS)}", fid, "tier")
        if flag.group is not None and flag.group not in group_tier:
            raise ContentError(file, f"unknown group '{flag.group}'", fid, "group")
        if flag.group is not None and group_tier[flag.group] != flag.tier:
            raise ContentError(file, f"every sign of the group '{flag.group}' has its tier "
                               f"'{group_tier[flag.group]}': any one of them is enough", fid,
                               "tier")
        if flag.group is not None and flag.short is None:
            raise ContentError(file, "a sign of a group needs a 'short' form for the "
                               "one-line safety notices", fid, "short")
        flags.append(flag)
    if not flags:
        raise ContentError(file, "there are no red flags", None, "red_flags")
    return SafetyContent(basis, tuple(tiers), tuple(groups), tuple(flags))


def emergency_notice() -> str:
    """One sentence naming every sign of the emergency groups (cauda equina), for
    the safety notices of the site, the slides and the app."""
    content = safety_content()
    signs = [f.short for g in content.groups if g.tier == "emergency"
             for f in content.red_flags if f.group == g.id]
    listed = ", ".join(signs[:-1]) + f", or {signs[-1]}" if len(signs) > 1 else signs[0]
    return f"Back pain with {listed} needs an emergency department now."


@lru_cache(maxsize=1)
def safety_content() -> SafetyContent:
    """Red flags and care tiers, checked against the reference list."""
    from .references import references

    return parse_safety(load_yaml(FILE), known_refs=references())
