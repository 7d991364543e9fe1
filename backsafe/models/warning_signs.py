"""Which advice applies to the warning signs a learner ticked (lesson 06).

Never a diagnosis: the result is a list of plain advice, plus the most urgent
red-flag tier of the course's safety screen when a ticked sign matches one.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable

from . import InputError
from .triage import ScreenResult, screen_red_flags


@dataclass(frozen=True)
class SignsResult:
    ticked: tuple            # the ticked WarningSign objects, in content order
    screen: ScreenResult     # red-flag result (tier None when no red flag)

    @property
    def clear(self) -> bool:
        return not self.ticked

    @property
    def red_flag(self) -> bool:
        return self.screen.tier is not None


def check_warning_signs(ticked: Iterable[str], signs, safety) -> SignsResult:
    """`signs` from warning_signs(); `safety` from safety_content()."""
    by_id = {s.id: s for s in signs.signs}
    ticked = list(ticked)
    unknown = [t for t in ticked if t not in by_id]
    if unknown:
        raise InputError(f"Unknown warning sign: {unknown[0]}.")
    chosen = tuple(s for s in signs.signs if s.id in set(ticked))
    flags = {s.red_flag for s in chosen if s.red_flag}
    return SignsResult(chosen, screen_red_flags(sorted(flags), safety))
