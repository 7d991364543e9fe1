import pytest

from backsafe import cite, reference_list
from backsafe.content.loader import ContentError
from backsafe.content.markup import to_html
from backsafe.content.references import (Reference, lesson_references, parse_references,
                                         reference)


def ref(authors, **kw):
    return Reference(key="k", authors=authors, year=2000, title="T", source="S", **kw)


def test_citation_forms():
    assert ref("Wilke HJ").citation == "Wilke 2000"
    assert ref("Axler CT, McGill SM").citation == "Axler & McGill 2000"
    assert ref("Wilke HJ, Neef P, Caimi M").citation == "Wilke et al. 2000"
    assert ref("Some Organisation", short="ORG 2000").citation == "ORG 2000"


def test_cite_plain_and_as_link():
    assert cite("nice2016") == "NICE 2016"
    assert cite("pengel2003", link=True) == ('[Pengel et al. 2003](#ref-pengel2003 "systematic '
                                             'review: inception cohorts of people with acute '
                                             'low back pain (total number not checked here)")')
    with pytest.raises(KeyError, match="no reference with key 'ghost'"):
        cite("ghost")


def test_reference_html_escapes_and_shows_doi():
    html = ref("A <B>", doi="10.1/x").to_html()
    assert "&lt;B&gt;" in html and "doi:10.1/x" in html


def test_missing_field_in_reference_file():
    with pytest.raises(ContentError) as info:
        parse_references({"references": [{"key": "x1", "authors": "A", "year": 2000,
                                           "title": "T", "design": "cohort", "n": 3,
                                           "population": "p"}]}, "references/x.yaml")
    assert (info.value.file, info.value.item, info.value.field) == \
        ("references/x.yaml", "x1", "source")


def test_year_must_be_a_number():
    with pytest.raises(ContentError, match="year"):
        parse_references({"references": [{"key": "x1", "authors": "A", "year": "2000a",
                                           "title": "T", "source": "S", "design": "cohort",
                                           "n": 3, "population": "p"}]}, "r.yaml")


def test_lesson_reference_list_includes_catalogue_and_quiz_keys():
    keys = [r.key for r in lesson_references("start-here")]
    assert "pengel2003" in keys and "gardner2011" in keys
    html = reference_list("start-here").data
    assert html.count("<li") == len(keys) and 'id="ref-pengel2003"' in html


def test_markup_escapes_then_formats_and_cites():
    out = to_html("**Bold** and *it* <script> [@nice2016]", cite)
    assert "<strong>Bold</strong>" in out and "<em>it</em>" in out
    assert "&lt;script&gt;" in out and "(NICE 2016)</span>" in out
    assert f'<span class="bsld-cite" title="{reference("nice2016").summary}">' in out
