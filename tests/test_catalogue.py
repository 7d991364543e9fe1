import re

import pytest

from backsafe import lesson, lessons
from backsafe.content.catalogue import parse_catalogue
from backsafe.content.loader import ContentError

from .helpers import NOTEBOOKS, ROOT


def test_catalogue_lists_every_lesson_in_order():
    items = lessons()
    assert [item.number for item in items] == list(range(len(items)))
    assert items[0].slug == "start-here"
    for item in items:
        assert 3 <= len(item.objectives) <= 5
        assert item.teaching_minutes > 0 and item.practice_minutes > 0


def test_available_lessons_have_notebooks_and_planned_ones_do_not():
    on_disk = {p.name for p in NOTEBOOKS.glob("*.ipynb")}
    for item in lessons():
        assert (item.notebook in on_disk) == item.available, item.notebook
    names = {item.notebook for item in lessons()}
    assert on_disk <= names, f"notebooks not in the catalogue: {on_disk - names}"


def test_lesson_lookup_and_unknown_slug():
    assert lesson("start-here").notebook == "00-start-here.ipynb"
    with pytest.raises(KeyError, match="no lesson called 'nope'"):
        lesson("nope")


def test_readme_lesson_table_matches_catalogue():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d\d) \| (.+?) \| (\d+) \| (ready|planned) \|$", text, re.M)
    expected = [(f"{i.number:02d}", i.title, str(i.teaching_minutes + i.practice_minutes),
                 "ready" if i.available else "planned") for i in lessons()]
    assert rows == expected


def test_readme_states_the_courses_total_length_from_the_catalogue():
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    total = sum(i.teaching_minutes + i.practice_minutes for i in lessons() if i.available)
    assert f"about **{total} minutes** ({total // 60} h {total % 60} min)" in text


def entry(**change):
    base = {"slug": "x", "number": 0, "title": "T", "subtitle": "S", "status": "available",
            "teaching_minutes": 5, "practice_minutes": 5,
            "objectives": ["Do a", "Do b", "Do c"], "questions": ["Q?"]}
    base.update(change)
    return base


@pytest.mark.parametrize("bad, field", [
    (entry(status="draft"), "status"),
    (entry(objectives=["only one"]), "objectives"),
    (entry(teaching_minutes="ten"), "teaching_minutes"),
    ({k: v for k, v in entry().items() if k != "title"}, "title"),
])
def test_malformed_catalogue_entry(bad, field):
    with pytest.raises(ContentError) as info:
        parse_catalogue({"lessons": [bad]})
    assert info.value.field == field and info.value.item == "x"


def test_duplicate_slug():
    with pytest.raises(ContentError, match="used twice"):
        parse_catalogue({"lessons": [entry(), entry(number=1)]})
