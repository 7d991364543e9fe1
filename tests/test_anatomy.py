"""The anatomy atlas (content), its validator and the side-view diagram."""
import copy
import statistics
import subprocess
import sys
from importlib import resources

import pytest
import yaml

from backsafe.content.anatomy import GROUPS, FILE, atlas, parse_atlas, parse_atlas_bytes
from backsafe.content.catalogue import lesson
from backsafe.content.loader import ContentError
from backsafe.content.markup import cited_keys
from backsafe.content.references import references
from backsafe.figures.anatomy import _FADED_TEXT, AnatomyDiagram, anatomy_figure

from .helpers import ROOT, dump

REQUIRED = {
    "lumbar-vertebrae", "lumbar-discs", "sacrum", "pelvis", "femur", "erector-spinae",
    "multifidus", "quadratus-lumborum", "iliopsoas", "abdominal-wall",
    "gluteus-maximus", "hamstrings", "quadriceps", "adductors", "thoracolumbar-fascia",
}


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(resources.files("backsafe.content").joinpath(FILE).read_text("utf-8"))


@pytest.fixture(scope="module")
def diagram():
    return AnatomyDiagram()


def centre_x(s):
    xs = [p[0] for shape in s.shapes for p in shape.points] or [s.shapes[0].center[0]]
    return statistics.mean(xs)


# -- content ----------------------------------------------------------------
def test_real_file_loads_with_every_required_structure():
    atl = atlas()
    assert {s.id for s in atl.structures} == REQUIRED
    assert {s.group for s in atl.structures} == set(GROUPS)
    for s in atl.structures:
        assert all(len(t.split()) >= 5 for t in (s.what, s.does, s.lifting, s.back_pain))


def test_diagram_shows_l1_to_l5_and_five_discs():
    atl = atlas()
    marks = [m.text for m in atl.structure("lumbar-vertebrae").marks]
    assert marks == ["L1", "L2", "L3", "L4", "L5"]
    heights = [m.at[1] for m in atl.structure("lumbar-vertebrae").marks]
    assert heights == sorted(heights, reverse=True), "L1 must be above L5"
    assert len(atl.structure("lumbar-discs").shapes) == 5


def test_groups_filter_structures():
    atl = atlas()
    assert len(atl.in_group("all")) == len(atl.in_group(None)) == len(REQUIRED)
    assert {s.id for s in atl.in_group("bones and discs")} == {
        "lumbar-vertebrae", "lumbar-discs", "sacrum", "pelvis", "femur"}
    with pytest.raises(KeyError, match="Unknown group"):
        atl.in_group("arms")
    with pytest.raises(KeyError, match="no structure 'spleen'"):
        atl.structure("spleen")


def test_layout_is_a_consistent_side_view_facing_right():
    """Schematic is fine, wrong is not: front is +x, up is +y."""
    atl = atlas()
    s = atl.structure
    assert centre_x(s("abdominal-wall")) > centre_x(s("lumbar-vertebrae"))
    assert centre_x(s("lumbar-vertebrae")) > centre_x(s("multifidus")) \
        > centre_x(s("erector-spinae"))
    assert centre_x(s("quadriceps")) > centre_x(s("femur")) > centre_x(s("hamstrings"))
    assert centre_x(s("gluteus-maximus")) < 0 < centre_x(s("iliopsoas"))
    # Psoas runs from the lumbar bodies to the lesser trochanter.
    psoas = s("iliopsoas").shapes[0].points
    lesser = next(m.anchor for m in s("femur").marks if m.text == "lesser trochanter")
    top, bottom = max(psoas, key=lambda p: p[1]), min(psoas, key=lambda p: p[1])
    assert top[1] >= s("lumbar-vertebrae").marks[0].at[1]
    assert abs(bottom[0] - lesser[0]) < 1.5 and abs(bottom[1] - lesser[1]) < 1.5
    # Hamstrings start at the ischial tuberosity.
    tuberosity = next(m.anchor for m in s("pelvis").marks
                      if m.text == "ischial tuberosity")
    ham_top = max(s("hamstrings").shapes[0].points, key=lambda p: p[1])
    assert abs(ham_top[0] - tuberosity[0]) < 1.5 and abs(ham_top[1] - tuberosity[1]) < 1.5


def test_citations_in_the_atlas_exist_and_are_listed_for_the_lesson():
    known, listed = set(references()), set(lesson("anatomy").references)
    for s in atlas().structures:
        for text in (s.what, s.does, s.lifting, s.back_pain):
            for key in cited_keys(text):
                assert key in known, f"{s.id}: unknown reference {key}"
                assert key in listed, f"{s.id}: add {key} to the anatomy lesson"


def errors(data):
    with pytest.raises(ContentError) as info:
        parse_atlas_bytes(dump(data), FILE)
    return info.value


def test_missing_field_names_file_item_and_field(raw):
    data = copy.deepcopy(raw)
    del data["structures"][2]["back_pain"]
    err = errors(data)
    assert (err.file, err.item, err.field) == (FILE, "sacrum", "back_pain")
    assert "anatomy.yaml" in str(err) and "sacrum" in str(err) and "back_pain" in str(err)


def test_unknown_group_is_rejected(raw):
    data = copy.deepcopy(raw)
    data["structures"][5]["group"] = "arm muscles"
    err = errors(data)
    assert (err.item, err.field) == ("erector-spinae", "group")
    assert "bones and discs" in str(err)


def test_duplicate_id_is_rejected(raw):
    data = copy.deepcopy(raw)
    data["structures"][1]["id"] = data["structures"][0]["id"]
    err = errors(data)
    assert (err.item, err.field) == ("lumbar-vertebrae", "id")
    assert "twice" in str(err)


@pytest.mark.parametrize("shape, field", [
    ({"kind": "circle", "points": [[0, 0]]}, "shapes[1].kind"),
    ({"kind": "polygon", "points": [[0, 0], [1, 1]]}, "shapes[1].points"),
    ({"kind": "polygon", "points": [[0, 0], [1, "x"], [2, 2]]}, "shapes[1].points[2]"),
    ({"kind": "ellipse", "center": [0, 0], "width": -1, "height": 2}, "shapes[1].width"),
    ({"kind": "polygon", "points": [[0, 0], [1, 1], [2, 0]], "tone": 2}, "shapes[1].tone"),
])
def test_bad_geometry_is_rejected(raw, shape, field):
    data = copy.deepcopy(raw)
    data["structures"][3]["shapes"] = [shape]
    err = errors(data)
    assert (err.item, err.field) == ("pelvis", field)


def test_bad_label_and_view_are_rejected(raw):
    data = copy.deepcopy(raw)
    data["structures"][4]["label"]["anchor"] = [1]
    assert (errors(data).item, errors(data).field) == ("femur", "label.anchor")
    data = copy.deepcopy(raw)
    data["view"]["xlim"] = [10, -10]
    assert errors(data).field == "xlim"


def test_unreadable_yaml_is_a_content_error():
    with pytest.raises(ContentError, match="cannot be read"):
        parse_atlas_bytes(b"structures: [", FILE)
    with pytest.raises(ContentError, match="structures"):
        parse_atlas({"view": {"xlim": [0, 1], "ylim": [0, 1]}, "note": "n",
                     "structures": []}, FILE)


# -- figure -----------------------------------------------------------------
def test_alt_text_describes_the_view_and_the_highlight():
    fig = anatomy_figure("iliopsoas")
    assert "side view" in fig.alt and "front of the body to the right" in fig.alt
    assert "Highlighted" in fig.alt and "Iliopsoas (psoas major and iliacus)" in fig.alt
    assert "drawn where they would be seen from the side" in fig.alt
    html = fig.to_html()
    assert html.startswith('<figure class="bsld-fig"') and "data:image/png" in html


def test_alt_text_for_group_and_for_nothing_highlighted(diagram):
    fig = diagram.update(None, "trunk muscles")
    assert "'trunk muscles'" in fig.alt and "Highlighted" not in fig.alt
    assert "Lumbar vertebrae" in fig.alt and "Gluteus maximus" in fig.alt


def test_unknown_highlight_raises(diagram):
    with pytest.raises(KeyError, match="no structure 'kidney'"):
        diagram.update("kidney")


def test_every_structure_is_drawable_and_stands_out(diagram):
    for s in atlas().structures:
        fig = diagram.update(s.id, None)
        assert s.name in fig.alt
        art = diagram._artists[s.id]
        assert art["label"].get_fontweight() == "bold"
        widths = {round(p.get_linewidth(), 1) for p, _ in art["patches"]}
        assert min(widths) >= 2.4, f"{s.id} is not outlined thickly"
        assert any(p.get_hatch() for p, shape in art["patches"] if shape.fill
                   and shape.kind != "polyline") or s.id == "thoracolumbar-fascia"
        svg = diagram.svg()
        assert f'id="a-{s.id}-p0"' in svg and f"#a-{s.id}-label text" in svg
    diagram.figure.canvas.draw()                 # every artist renders


def test_others_fade_when_a_group_is_chosen(diagram):
    diagram.update("hamstrings", "hip and leg muscles")
    faded = diagram._artists["erector-spinae"]["label"].get_alpha()
    shown = diagram._artists["quadriceps"]["label"].get_alpha()
    assert faded == _FADED_TEXT < shown == 1.0
    css = diagram._css()
    assert "#a-erector-spinae-p0" in css and "#a-quadriceps-p0{" not in css


def test_svg_html_is_an_accessible_figure(diagram):
    diagram.update("sacrum", None)
    html = diagram.html()
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'alt="' in html and "Sacrum" in html and "<figcaption" in html


def test_no_pyplot_is_imported():
    code = (
        "import sys\n"
        "from backsafe.figures.anatomy import anatomy_figure\n"
        "from backsafe.figures.disc_pressure import disc_pressure_chart\n"
        "from backsafe.widgets.anatomy_explorer import anatomy_explorer\n"
        "anatomy_figure('sacrum').to_html(); disc_pressure_chart().to_html()\n"
        "anatomy_explorer().children[0].value = 'trunk muscles'\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
