"""The lesson 01 anatomy explorer, driven by setting .value as a user would."""
import html
import statistics
import time

import ipywidgets as widgets
import pytest

from backsafe import anatomy_explorer
from backsafe.content.anatomy import GROUPS, atlas

from .helpers import classes, find

MAX_MEDIAN_MS = 150      # generous: measured well under 5 ms on a quiet machine


@pytest.fixture
def explorer():
    box = anatomy_explorer()
    group, picker = find(box, "bsld-control")
    return box, group, picker, find(box, "bsld-readout")[0], find(box, "bsld-figure")[0]


def test_structure_and_classes(explorer):
    box, group, picker, readout, figure = explorer
    assert {"bsld-explorer", "bsld-anatomy-explorer"} <= classes(box)
    assert isinstance(group, widgets.ToggleButtons)
    assert isinstance(picker, widgets.Dropdown)
    assert group.description and picker.description       # visible labels
    assert len(find(box, "bsld-figure")) == 1 and len(find(box, "bsld-readout")) == 1
    assert group.value == "all" and picker.value == "lumbar-discs"
    assert "Lumbar intervertebral discs" in readout.value
    assert '<svg class="bsld-anatomy-svg" aria-hidden="true"' in figure.value
    assert 'class="bsld-caption"' in figure.value and "Labelled structures:" in figure.value


def test_readout_has_every_section_and_rendered_citations(explorer):
    _, _, picker, readout, _ = explorer
    picker.value = "thoracolumbar-fascia"
    for title in ("What it is", "What it does", "In squats, deadlifts and lunges",
                  "Why it matters for back pain"):
        assert title in readout.value
    assert "(Willard et al. 2012)" in readout.value and "[@" not in readout.value


def test_picking_a_structure_changes_readout_and_figure(explorer):
    _, _, picker, readout, figure = explorer
    before_text, before_fig = readout.value, figure.value
    picker.value = "hamstrings"
    assert "ischial tuberosity" in readout.value and readout.value != before_text
    assert figure.value != before_fig and "Hamstrings" in figure.value


def test_group_filter_changes_the_options(explorer):
    _, group, picker, readout, figure = explorer
    atl = atlas()
    for name in GROUPS:
        group.value = name
        assert [sid for _, sid in picker.options] == [s.id for s in atl.in_group(name)]
        assert picker.value in {s.id for s in atl.in_group(name)}
        assert html.escape(f"group '{name}'") in figure.value    # alt text names it
        assert atl.structure(picker.value).name in readout.value
    group.value = "all"
    assert len(picker.options) == len(atl.structures)


def test_choice_is_kept_when_it_is_in_the_new_group(explorer):
    _, group, picker, _, _ = explorer
    picker.value = "femur"
    group.value = "bones and discs"
    assert picker.value == "femur"
    group.value = "trunk muscles"
    assert picker.value == "erector-spinae"


def test_unknown_start_structure_is_an_error():
    with pytest.raises(KeyError, match="no structure 'spleen'"):
        anatomy_explorer("spleen")


def test_latency_per_change(explorer, capsys):
    _, group, picker, _, _ = explorer
    times = []
    for name in ("all",) + GROUPS:
        t0 = time.perf_counter()
        group.value = name
        times.append(time.perf_counter() - t0)
        for _, sid in picker.options:
            t0 = time.perf_counter()
            picker.value = sid
            times.append(time.perf_counter() - t0)
    median_ms = statistics.median(times) * 1000
    with capsys.disabled():
        print(f"\nanatomy explorer: median {median_ms:.2f} ms, max "
              f"{max(times) * 1000:.2f} ms per change ({len(times)} changes)")
    assert median_ms < MAX_MEDIAN_MS
