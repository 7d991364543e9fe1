"""Warning signs of under-recovery (warning_signs.yaml) for lesson 06."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, keyed_items, load_yaml
from .start_here import safety_content

FILE = "warning_signs.yaml"


@dataclass(frozen=True)
class WarningSign:
    id: str
    text: str
    advice: str
    red_flag: str | None     # id of a red flag in safety.yaml, if it matches one


@dataclass(frozen=True)
class WarningSigns:
    intro: str
    clear: str
    signs: tuple[WarningSign, ...]


def parse_warning_signs(data, file: str = FILE, red_flags=None) -> WarningSigns:
    """Validate the file; `red_flags` are the known red-flag ids (default:
    those of the safety screen)."""
    known = set(red_flags) if red_flags is not None else {
        f.id for f in safety_content().red_flags}
    signs = []
    for sid, item in keyed_items(data, "signs", "id", file, slug=True):
        flag = field(item, "red_flag", str, file, sid, required=False)
        if flag is not None and flag not in known:
            raise ContentError(file, f"'{flag}' is not a red flag of the safety screen",
                               sid, "red_flag")
        signs.append(WarningSign(sid, field(item, "text", str, file, sid),
                                 field(item, "advice", str, file, sid), flag))
    if not signs:
        raise ContentError(file, "there are no warning signs", None, "signs")
    return WarningSigns(field(data, "intro", str, file, None),
                        field(data, "clear", str, file, None), tuple(signs))


@lru_cache(maxsize=1)
def warning_signs() -> WarningSigns:
    return parse_warning_signs(load_yaml(FILE))
