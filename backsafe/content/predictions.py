"""Predictions asked before each explorer (predictions.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, UnknownName, field, keyed_items, load_yaml

FILE = "predictions.yaml"


@dataclass(frozen=True)
class Prediction:
    id: str
    lesson: str
    prompt: str
    options: tuple[tuple[str, str], ...]      # (option id, text)

    def text(self, option_id: str) -> str:
        return dict(self.options)[option_id]


def parse_predictions(data, file: str = FILE) -> dict[str, Prediction]:
    out = {}
    for pid, item in keyed_items(data, "predictions", "id", file, slug=True):
        options = tuple(keyed_items(item, "options", "id", file, slug=True))
        if len(options) < 2:
            raise ContentError(file, "a prediction needs at least two options", pid,
                               "options")
        out[pid] = Prediction(pid, field(item, "lesson", str, file, pid),
                              field(item, "prompt", str, file, pid),
                              tuple((oid, field(o, "text", str, file, pid))
                                    for oid, o in options))
    return out


@lru_cache(maxsize=1)
def predictions() -> dict[str, Prediction]:
    return parse_predictions(load_yaml(FILE))


def prediction(pid: str) -> Prediction:
    """One prediction by id; an unknown id lists the ones that exist."""
    found = predictions()
    if pid not in found:
        raise UnknownName(f"There is no prediction '{pid}'; the predictions are "
                          f"{', '.join(sorted(found))}.")
    return found[pid]
