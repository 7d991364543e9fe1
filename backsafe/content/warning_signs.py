"""Warning signs of under-recovery (warning_signs.yaml) for lesson 06.

A sign that matches a red flag takes how soon to get help from safety.yaml,
the course's one source of care tiers; its own `advice` only adds training advice.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, keyed_items, load_yaml
from .markup import cited_keys
from .safety import SafetyContent, safety_content

FILE = "warning_signs.yaml"


@dataclass(frozen=True)
class WarningSign:
    id: str
    text: str
    advice: str              # for a red-flag sign, ends with that flag's care tier
    red_flag: str | None     # id of a red flag in safety.yaml, if it matches one


@dataclass(frozen=True)
class WarningSigns:
    intro: str
    clear: str
    advice_basis: str        # where the advice comes from (practical tips are labelled)
    signs: tuple[WarningSign, ...]


def parse_warning_signs(data, file: str = FILE, safety: SafetyContent | None = None,
                        known_refs=None) -> WarningSigns:
    """Validate the file against the red flags and tiers of `safety` (default:
    safety_content())."""
    safety = safety or safety_content()
    flags = {f.id: f for f in safety.red_flags}
    signs = []
    for sid, item in keyed_items(data, "signs", "id", file, slug=True):
        flag = field(item, "red_flag", str, file, sid, required=False)
        if flag is not None and flag not in flags:
            raise ContentError(file, f"'{flag}' is not a red flag of safety.yaml", sid,
                               "red_flag")
        advice = field(item, "advice", str, file, sid, required=flag is None, default="")
        if flag is not None:
            tier = safety.tier(flags[flag].tier)
            advice = f"{advice} {tier.heading}: {tier.action}".strip()
        signs.append(WarningSign(sid, field(item, "text", str, file, sid), advice, flag))
    if not signs:
        raise ContentError(file, "there are no warning signs", None, "signs")
    basis = field(data, "advice_basis", str, file, None)
    if known_refs is not None:
        for key in cited_keys(basis):
            if key not in known_refs:
                raise ContentError(file, f"unknown reference key '{key}'", None,
                                   "advice_basis")
    return WarningSigns(field(data, "intro", str, file, None),
                        field(data, "clear", str, file, None), basis, tuple(signs))


@lru_cache(maxsize=1)
def warning_signs() -> WarningSigns:
    from .references import references

    return parse_warning_signs(load_yaml(FILE), known_refs=references())
