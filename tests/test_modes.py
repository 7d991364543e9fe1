"""Each delivery mode shows the sentence that is true there (backsafe/delivery/modes.py)."""
import copy
import json

import pytest

from backsafe.content.loader import ContentError
from backsafe.delivery import modes
from backsafe.delivery.modes import MODES, for_mode, for_mode_text, mode_sentences
from tests.helpers import ROOT

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def markdown(nb) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_every_lab_only_sentence_is_still_in_a_lesson():
    # a lesson that rewords one must reword mode_text.yaml too, or the app,
    # site and slides would show the JupyterLab sentence again
    text = "\n".join(markdown(json.loads(p.read_text(encoding="utf-8"))) for p in LESSONS)
    missing = [e["lab"] for e in mode_sentences() if e["lab"] not in text]
    assert not missing


@pytest.mark.parametrize("mode", [m for m in MODES if m != "lab"])
def test_no_lesson_keeps_a_lab_only_sentence_in_another_mode(mode):
    for path in LESSONS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        out = markdown(for_mode(copy.deepcopy(nb), mode))
        assert not [e["lab"] for e in mode_sentences() if e["lab"] in out], path.name
        assert [e[mode] for e in mode_sentences() if e["lab"] in markdown(nb) and e[mode]
                and e[mode] not in out] == []


def test_lab_mode_changes_nothing_and_other_modes_swap_or_drop():
    text = ("Intro. Your score is saved to your progress on this computer. Read on.\n"
            "- Your answers and progress stay on your computer.\n- Keep going.")
    assert for_mode_text(text, "lab") == text
    assert for_mode_text(text, "app") == (
        "Intro. In this app your score is shown but not saved. Read on.\n- Nothing is saved "
        "in the app: run the course in JupyterLab (make lab) to keep your progress.\n"
        "- Keep going.")
    assert for_mode_text(text, "slides") == "Intro. Read on.\n- Keep going."
    with pytest.raises(ValueError, match="Unknown delivery mode 'web'"):
        for_mode_text(text, "web")


def test_a_cell_left_empty_is_removed():
    nb = {"cells": [{"cell_type": "markdown", "source": "The README explains how to see, "
                     "export or reset that file."},
                    {"cell_type": "code", "source": "x = 1"}]}
    assert [c["cell_type"] for c in for_mode(nb, "site")["cells"]] == ["code"]


def test_a_malformed_table_names_the_file(monkeypatch):
    modes.mode_sentences.cache_clear()
    monkeypatch.setattr(modes, "load_yaml", lambda name: {"sentences": [{"lab": "x"}]})
    try:
        with pytest.raises(ContentError, match="mode_text.yaml.*sentence 1 needs a text"):
            mode_sentences()
    finally:
        modes.mode_sentences.cache_clear()
