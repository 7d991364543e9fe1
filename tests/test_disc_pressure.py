"""Wilke et al. (1999) disc pressure data, its loader and the bar chart."""
import copy

import pytest
from matplotlib.figure import Figure

from backsafe import disc_pressure_chart
from backsafe.content.disc_pressure import FILE, disc_pressure_data, parse_disc_pressure
from backsafe.content.loader import ContentError, load_yaml
from backsafe.content.references import references

# The values reported for the single volunteer (evidence item 1.14).
EXPECTED = {"lying-prone": 0.1, "standing": 0.5, "standing-bent": 1.1,
            "lift-round-back": 2.3, "lift-bent-knees": 1.7, "hold-close": 1.1}


def test_data_match_the_paper_and_say_n_is_one():
    data = disc_pressure_data()
    assert {m.id: m.pressure for m in data.measurements} == EXPECTED
    assert data.subjects == 1 and data.unit == "MPa" and data.level == "L4-L5"
    assert data.source == "wilke1999" and data.source in references()


def test_ratios():
    data = disc_pressure_data()
    assert data.ratio("lift-round-back") == pytest.approx(4.6)
    assert data.ratio("standing", to="lying-prone") == pytest.approx(5.0)
    with pytest.raises(KeyError, match="No measurement 'sitting'"):
        data.pressure("sitting")


@pytest.fixture
def raw():
    return copy.deepcopy(load_yaml(FILE))


@pytest.mark.parametrize("change, item, field", [
    (lambda d: d["measurements"][1].pop("pressure"), "standing", "pressure"),
    (lambda d: d["measurements"][2].update(pressure=-1), "standing-bent", "pressure"),
    (lambda d: d["measurements"][3].update(kind="sitting"), "lift-round-back", "kind"),
    (lambda d: d["measurements"][4].update(id="hold-close"), "hold-close", "id"),
    (lambda d: d["measurements"][1].update(id="upright"), None, "measurements"),
    (lambda d: d.pop("source"), None, "source"),
    (lambda d: d.update(subjects=0), None, "subjects"),
    (lambda d: d.update(measurements=[m for m in d["measurements"]      # checker needs it
                                      if m["id"] != "hold-close"]), None, "measurements"),
])
def test_malformed_data_names_item_and_field(raw, change, item, field):
    change(raw)
    with pytest.raises(ContentError) as info:
        parse_disc_pressure(raw, FILE)
    assert (info.value.file, info.value.item, info.value.field) == (FILE, item, field)


def test_chart_has_one_bar_per_measurement_and_alt_text_with_values():
    chart = disc_pressure_chart()
    assert isinstance(chart.figure, Figure)
    ax = chart.figure.axes[0]
    assert len(ax.patches) == len(EXPECTED)
    assert sorted(p.get_width() for p in ax.patches) == sorted(EXPECTED.values())
    for label, value in (("standing relaxed", "0.5"), ("rounded back", "2.3"),
                         ("bent knees", "1.7"), ("close to the body", "1.1")):
        assert label in chart.alt and f"{value} MPa" in chart.alt
    assert "n = 1" in chart.alt and "Wilke et al. 1999" in chart.alt
    assert "highest value is lifting 20 kg, rounded back" in chart.alt
    assert "4.6 times" not in chart.alt      # lesson 01's practice asks for that ratio
    assert "data:image/svg+xml" in chart.to_html() and "<figcaption" in chart.to_html()
