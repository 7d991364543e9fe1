"""The glossary: strict loading, the terms the lessons use, links and anchors."""
import copy
import json
import re

import pytest
import yaml

from backsafe.content.catalogue import lessons
from backsafe.content.glossary import (FILE, glossary, glossary_html, glossary_link,
                                       lesson_terms, parse_glossary, term, titled_terms,
                                       unlinked_first_mentions)
from backsafe.content.loader import UnknownName

from .helpers import content_error, NOTEBOOKS, ROOT

RAW = yaml.safe_load((ROOT / "backsafe" / "content" / FILE).read_text(encoding="utf-8"))
ORDER = [x.slug for x in lessons()]
REQUIRED = ["annulus", "nucleus", "lordosis", "pelvic incidence", "sacral slope",
            "pelvic tilt", "moment", "moment arm", "compression", "shear", "AU", "RPE",
            "session RPE", "monotony", "strain", "ACWR", "EWMA", "RAMP", "cauda equina",
            "red flag"]


def markdown(slug: str) -> str:
    item = next(x for x in lessons() if x.slug == slug)
    cells = json.loads((NOTEBOOKS / item.notebook).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("name", REQUIRED)
def test_the_terms_the_issue_names_are_defined(name):
    assert term(name).definition


@pytest.mark.parametrize("slug", ORDER)
def test_every_term_listed_for_a_lesson_is_mentioned_in_it(slug):
    text = markdown(slug)
    for item in lesson_terms(slug):
        assert item.mention().search(text), (item.term, slug)


def test_terms_are_alphabetical_with_unique_anchors():
    terms = glossary()
    assert [t.term.lower() for t in terms] == sorted(t.term.lower() for t in terms)
    assert len({t.anchor for t in terms}) == len(terms) >= 40


def test_lookup_by_id_or_any_form_and_a_plain_sentence_for_unknown_terms():
    assert term("Annulus").id == term("annulus-fibrosus").id == "annulus-fibrosus"
    assert term("acute:chronic workload ratio").term == "ACWR"
    with pytest.raises(UnknownName) as err:
        term("flux capacitor")
    assert str(err.value).startswith("'flux capacitor' is not in the glossary.")


def test_abbreviations_match_only_in_capitals():
    au = term("AU").mention()
    assert au.search("a load of 300 AU") and not au.search("au revoir")
    assert term("shear").mention().search("Shear force") is not None
    assert term("moment").mention().search("moment arm") is not None   # a form, not a word part
    assert term("moment").mention().search("momentum") is None


def test_link_points_at_the_lesson_glossary_with_the_definition_as_hover_text():
    link = glossary_link("annulus")
    assert link.startswith("[annulus](#term-annulus-fibrosus \"The tough outer ring")
    assert glossary_link("monotony", "Monotony").startswith("[Monotony](#term-monotony ")
    anchors = re.findall(r'id="(term-[a-z0-9-]+)"', glossary_html("anatomy"))
    assert "term-annulus-fibrosus" in anchors and "term-monotony" not in anchors
    assert len(re.findall(r"<dt ", glossary_html())) == len(glossary())


def test_quotes_in_a_definition_cannot_break_the_link_or_the_page(monkeypatch):
    data = copy.deepcopy(RAW)
    data["terms"][0]["definition"] = 'A "quoted" <b>word</b> & more.'
    terms = parse_glossary(data)
    from backsafe.content import glossary as module

    monkeypatch.setattr(module, "glossary", lambda: terms)
    tid = data["terms"][0]["id"]
    assert '\\"quoted\\"' in glossary_link(tid)
    page = glossary_html()
    assert "<b>" not in page and "&lt;b&gt;word&lt;/b&gt; &amp; more." in page


def test_unlinked_first_mentions_finds_terms_mentioned_before_their_link():
    good = [f"The {glossary_link('annulus')} holds the "
            f"{glossary_link('nucleus')}.", "The annulus again, and the nucleus."]
    assert "annulus fibrosus" not in unlinked_first_mentions(good, "anatomy")
    assert "nucleus pulposus" not in unlinked_first_mentions(good, "anatomy")
    late = ["The annulus is tough.", f"Later: {glossary_link('annulus')}."]
    assert "annulus fibrosus" in unlinked_first_mentions(late, "anatomy")
    assert "lordosis" not in unlinked_first_mentions(late, "anatomy")   # not mentioned


def test_headings_the_subtitle_code_and_other_links_are_not_first_mentions():
    subtitle = next(x for x in lessons() if x.slug == "hip-flexors").subtitle
    assert "lordosis" in subtitle
    cells = [f"# Hip flexors and pelvic tilt\n\n{subtitle}",
             "## The sacral slope\n\nSee [Smith 2020](#ref-x \"a pelvic incidence study\") "
             "and `lordosis`.",
             f"Then the {glossary_link('lordosis')}, the {glossary_link('sacral slope')} "
             f"and the {glossary_link('pelvic incidence')}; the lordosis again."]
    missing = unlinked_first_mentions(cells, "hip-flexors")
    assert not {"lordosis", "sacral slope", "pelvic incidence"} & set(missing)
    cells[2] = "Then the lordosis, " + cells[2]
    assert "lordosis" in unlinked_first_mentions(cells, "hip-flexors")


def bad(change):
    return content_error(parse_glossary, RAW, change)


@pytest.mark.parametrize("change, item, field, message", [
    (lambda d: d["terms"].append(copy.deepcopy(d["terms"][0])), "red-flag", "id", "used twice"),
    (lambda d: d["terms"][1].update(also=["Red flag"]), "cauda-equina", "also", "already a form"),
    (lambda d: d["terms"][0].update(lessons=["no-such"]), "red-flag", "lessons", "no-such"),
    (lambda d: d["terms"][0].update(lessons=["overtraining", "start-here"]), "red-flag",
     "lessons", "course order"),
    (lambda d: d["terms"][0].update(lessons=[]), "red-flag", "lessons", "list the lessons"),
    (lambda d: d["terms"][0].update(definition="word " * 61), "red-flag", "definition",
     "at most 60"),
    (lambda d: d["terms"][0].update(definition="Serious [@nice2016]."), "red-flag",
     "definition", "cites nothing"),
    (lambda d: d["terms"][0].pop("definition"), "red-flag", "definition", "required"),
    (lambda d: d["terms"][0].update(also=[3]), "red-flag", "also", "must be text"),
    (lambda d: d["terms"][0].update(id="Red Flag"), "Red Flag", "id", "lower-case"),
    (lambda d: d.update(terms=[]), None, "terms", "no terms"),
])
def test_bad_glossary_files_name_file_item_and_field(change, item, field, message):
    err = bad(change)
    assert (err.file, err.item, err.field) == (FILE, item, field)
    assert message in str(err)


def test_glossary_is_shipped_and_reachable_from_a_lesson():
    import backsafe
    from backsafe.widgets.lesson_page import glossary_list

    assert "glossary_link" in backsafe.__all__ and "glossary_list" in backsafe.__all__
    assert 'id="term-sacral-slope"' in glossary_list("hip-flexors").data


@pytest.mark.parametrize("slug", ORDER)
def test_every_glossary_link_in_a_lesson_carries_the_current_definition(slug):
    text = markdown(slug)
    assert "#term-" in text
    assert titled_terms(text) == text, (
        f"{slug}: a glossary link's hover text is missing or out of date; run "
        "python -m backsafe.content.references notebooks/*.ipynb")


def test_titled_terms_refreshes_a_stale_title_and_leaves_unknown_terms():
    stale = '[lever](#term-moment-arm "The horizontal distance.") and [x](#term-no-such "?")'
    assert titled_terms(stale) == (glossary_link("moment arm", "lever")
                                   + ' and [x](#term-no-such "?")')
    assert titled_terms("[lever](#term-moment-arm)") == glossary_link("moment arm", "lever")
