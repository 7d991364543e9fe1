"""The sentence that is true in each delivery mode.

A lesson is written for JupyterLab (`make lab`). A few of its sentences are
true only there ("choose Run > Run All Cells", "your progress stays on your
computer"); `mode_text.yaml` pairs each with what the app, the static site
and the slides show instead. `for_mode` swaps them in a copy of a notebook,
sentence for sentence, by exact text.
"""
from __future__ import annotations

from functools import cache

from ..content.loader import ContentError, load_yaml

MODES = ("lab", "app", "site", "slides")
TEXT_FILE = "mode_text.yaml"          # in backsafe/content


@cache
def mode_sentences(part: str = "sentences") -> tuple[dict[str, str], ...]:
    """Each entry of `part` ('sentences': the lessons' text, 'widgets': what
    widgets write): {mode: sentence} for every mode (validated)."""
    data = load_yaml(TEXT_FILE)
    entries = data.get(part) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ContentError(TEXT_FILE, f"'{part}' must be a non-empty list")
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or set(entry) != set(MODES) or not all(
                isinstance(v, str) for v in entry.values()) or not entry["lab"].strip():
            raise ContentError(TEXT_FILE, f"sentence {n} needs a text for each of "
                                          f"{', '.join(MODES)} (lab not empty)")
    return tuple(entries)


def for_mode_widget_text(text: str, mode: str) -> str:
    """Text a widget wrote (HTML or plain) with each lab-only sentence swapped."""
    for entry in mode_sentences("widgets"):
        if entry["lab"] in text:
            text = text.replace(entry["lab"], entry[mode])
    return text


def for_mode_text(text: str, mode: str) -> str:
    """`text` (a Markdown cell) with every lab-only sentence swapped for `mode`'s."""
    if mode not in MODES:
        raise ValueError(f"Unknown delivery mode {mode!r}; use one of {', '.join(MODES)}.")
    if mode == "lab":
        return text
    for entry in mode_sentences():
        if entry["lab"] in text:
            text = text.replace(entry["lab"], entry[mode])
    lines = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped in ("-", "*"):              # a list item whose sentence is gone
            continue
        indent, body = line[:len(line) - len(line.lstrip())], line.strip()
        while "  " in body:                       # left where a sentence was dropped
            body = body.replace("  ", " ")
        lines.append(indent + body if stripped else line)
    return "\n".join(lines).strip()


def for_mode(nb, mode: str):
    """Swap the lab-only sentences of every Markdown cell of `nb` (in place); a
    cell left empty is removed. Returns `nb`."""
    kept = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            source = cell["source"]
            text = "".join(source) if isinstance(source, list) else source
            cell["source"] = for_mode_text(text, mode)
            if not cell["source"]:
                continue
        kept.append(cell)
    nb["cells"] = kept
    return nb
