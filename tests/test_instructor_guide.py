"""Instructor notes (loader, demos, sections) and the guide page."""
import copy
import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from markupsafe import escape

from backsafe.content.catalogue import lessons
from backsafe.content.loader import ContentError
from backsafe.content.quizzes import load_bank
from backsafe.instructor import guide
from backsafe.instructor.notes import FILE, load_notes, parse_notes

from .helpers import NOTEBOOKS, ROOT

NOTES_PATH = ROOT / "backsafe" / FILE


def raw_notes():
    return yaml.safe_load(NOTES_PATH.read_text(encoding="utf-8"))


def headings(slug_notebook: str) -> list[str]:
    cells = json.loads((NOTEBOOKS / slug_notebook).read_text(encoding="utf-8"))["cells"]
    return [line[3:].strip() for c in cells if c["cell_type"] == "markdown"
            for line in "".join(c["source"]).splitlines() if line.startswith("## ")]


AVAILABLE = [x for x in lessons() if x.available]


@pytest.mark.parametrize("item", AVAILABLE, ids=lambda x: x.slug)
def test_sections_are_the_notebook_headings_and_add_up_to_the_catalogue(item):
    notes = load_notes().for_lesson(item.slug)
    assert [s.name for s in notes.sections] == headings(item.notebook)
    assert notes.minutes == item.teaching_minutes + item.practice_minutes
    assert 2 <= len(notes.prompts) <= 3 and notes.stuck and notes.demos


_ACTIVITY = [("predict_widget(", "prediction"), ("practice_check(", "practice"),
             ("when_to_see()", "triage"), ("pre_test_check(", "test"),
             ("post_test_check(", "test"), ("final_assessment_check(", "test")]


def activities(notebook: str) -> dict[str, list[str]]:
    """Section heading -> the activities its code cells run, read from the notebook."""
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    found, section = {}, None
    for cell in cells:
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            for line in src.splitlines():
                if line.startswith("## "):
                    section = line[3:].strip()
                    found[section] = []
            continue
        check = re.search(r'quiz_widget\("[^"]+", check=(\d)\)', src)
        kind = next((k for call, k in _ACTIVITY if call in src), None)
        if kind is None and check:
            kind = f"check {check.group(1)}"
        elif kind is None and "quiz_widget(" in src:
            kind = "quiz"
        elif kind is None and re.search(r"\b\w+_(explorer|check|screen)\(\)|\bself_check\(\)",
                                        src):
            kind = "explorer"
        if kind and section:
            found[section].append(kind)
    return found


@pytest.mark.parametrize("item", AVAILABLE, ids=lambda x: x.slug)
def test_section_activities_are_the_notebooks_own(item):
    notes = load_notes().for_lesson(item.slug)
    assert {s.name: list(s.activities) for s in notes.sections} == activities(item.notebook)
    for s in notes.sections:
        assert 0 <= s.room <= s.minutes
        if s.kind in ("practice", "quiz"):
            assert s.room == s.minutes


def test_a_short_check_keeps_one_minute_per_question_in_class():
    bank = load_bank("core")
    section = next(s for s in load_notes().for_lesson("core").sections
                   if "check 1" in s.activities)
    assert section.room == min(section.minutes, sum(q.check == 1 for q in bank.questions))


@pytest.mark.parametrize("item", AVAILABLE, ids=lambda x: x.slug)
def test_every_demo_call_builds_in_a_learner_namespace(item, tmp_path, monkeypatch):
    import ipywidgets

    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path))
    namespace = {}
    exec("from backsafe import *", namespace)
    for demo in load_notes().for_lesson(item.slug).demos:
        result = eval(demo.call, namespace)
        assert isinstance(result, ipywidgets.Widget) or hasattr(result, "_repr_html_"), \
            demo.call


def test_notes_are_shipped_in_the_package_data():
    text = (ROOT / "pyproject.toml").read_text()
    assert '"instructor/*.yaml"' in text


def bad(change):
    data = raw_notes()
    change(data)
    with pytest.raises(ContentError) as exc:
        parse_notes(data)
    return exc.value


def test_section_minutes_that_do_not_add_up_name_file_item_and_field():
    err = bad(lambda d: d["lessons"][1]["sections"][0].update(minutes=50))
    assert (err.file, err.item, err.field) == (FILE, "anatomy", "sections")
    from backsafe.content.catalogue import lesson

    stated = lesson("anatomy").teaching_minutes + lesson("anatomy").practice_minutes
    first = raw_notes()["lessons"][1]["sections"][0]["minutes"]
    assert f"add up to {stated - first + 50}" in str(err)
    assert f"gives the lesson {stated}" in str(err)


@pytest.mark.parametrize("call, message", [
    ("os.system('ls')", "single call"),
    ("print('hi')", "not a name"),
    ("load_explorer(trunk_angle=__import__('os'))", "plain values"),
    ("load_explorer(", "not a Python call"),
    ("load_explorer(); load_explorer()", "not a Python call"),
])
def test_demo_calls_must_be_one_call_of_a_course_name(call, message):
    err = bad(lambda d: d["lessons"][2]["demos"][0].update(call=call))
    assert err.item == "causes-and-form" and err.field == "demos[1].call"
    assert message in str(err)


@pytest.mark.parametrize("change, field, message", [
    (lambda d: d["lessons"][0].update(prompts=["only one"]), "prompts", "2 to 3"),
    (lambda d: d["lessons"][0].update(prompts=["a", "b", "c", "d"]), "prompts", "2 to 3"),
    (lambda d: d["lessons"][0].update(stuck=[]), "stuck", "at least 1"),
    (lambda d: d["lessons"][0].update(demos=[]), "demos", "at least one"),
    (lambda d: d["lessons"][0]["sections"].append({"name": "Quiz", "minutes": 0}),
     "sections[11].name", "twice"),
    (lambda d: d["lessons"][0]["sections"][0].update(minutes=-1), "sections[1].minutes",
     "zero or more"),
    (lambda d: d["lessons"][0].update(lesson="no-such-lesson"), "lesson", "no lesson"),
    (lambda d: d["lessons"].pop(), "lessons", "no notes for lesson(s) your-plan"),
    (lambda d: d["lessons"].append(copy.deepcopy(d["lessons"][0])), "lesson", "used twice"),
    (lambda d: d.pop("setup"), "setup", "required"),
    (lambda d: d["setup"].update(hub="one line"), "hub", "a list"),
    (lambda d: d["lessons"][1]["sections"][1].update(activities=["dance"]),
     "sections[2].activities", "unknown activity"),
    (lambda d: d["lessons"][1]["sections"][1].update(activities=["check 3"]),
     "sections", "check 3"),
    (lambda d: d["lessons"][0]["sections"][2].update(activities=["explorer"]),
     "sections", "check 1"),
    (lambda d: d["lessons"][1]["cut_if_late"].append({"section": "Practice", "instead": "x"}),
     "cut_if_late[3].section", "stay in class"),
    (lambda d: d["lessons"][1]["cut_if_late"][0].update(section="Nowhere"),
     "cut_if_late[1].section", "not a section"),
    (lambda d: d["lessons"][1].pop("story"), "story", "required"),
    (lambda d: d.pop("conduct"), "conduct", "required"),
    (lambda d: d.update(helpers=[]), "helpers", "at least 1"),
])
def test_bad_notes_are_refused(change, field, message):
    err = bad(change)
    assert err.file == FILE and err.field == field and message in str(err)


def test_misconceptions_are_the_wrong_answers_with_their_feedback_in_question_order():
    bank = load_bank("causes-and-form")
    found = guide.misconceptions(bank)
    expected = sum(2 if q.type == "numeric" else sum(not o.correct for o in q.options)
                   for q in bank.questions)
    assert len(found) == expected
    order = [q.id for q in bank.questions]
    assert [order.index(m.question) for m in found] == sorted(order.index(m.question)
                                                              for m in found)
    first = found[0]
    assert first.question == "bar-moment" and first.answer == "An answer below 291.3"
    assert first.feedback.startswith("Too low.")
    faster = next(m for m in found if m.answer == "Lifting the bar faster")
    assert faster.feedback.startswith("No. The static model ignores speed")
    assert not any(m.answer.startswith("Keeping the trunk more upright") for m in found)


@pytest.fixture(scope="module")
def page():
    return guide.guide_html()


def test_guide_lists_every_lesson_with_its_notes_and_misconceptions(page):
    from backsafe.instructor.answer_key import text

    notes = load_notes()
    for item in AVAILABLE:
        n = notes.for_lesson(item.slug)
        part = page[page.index(f'<section id="lesson-{item.slug}">'):]
        part = part[:part.index("</section>") + 10]
        assert f'href="#lesson-{item.slug}"' in page
        assert item.notebook in part
        for demo in n.demos:
            assert f"<code>{escape(demo.call)}</code>" in part
        for prompt in n.prompts:
            assert guide.note(prompt) in part
        for m in guide.misconceptions(load_bank(item.slug)):
            assert text(m.feedback) in part
    assert "A room of laptops" in page and "A JupyterHub" in page
    assert "<code>make lab</code>" in page


def test_each_schedule_adds_up_in_the_page(page):
    plans = guide.schedules(load_notes())
    total = sum(x.teaching_minutes + x.practice_minutes for x in AVAILABLE)
    tables = re.findall(r"<caption>(?:Session|Week) \d+[^<]*: (\d+) of (\d+) min used"
                        r"</caption>(.*?)</table>", page, re.S)
    assert len(tables) == sum(len(s.sessions) for s in plans)
    for used, length, body in tables:
        minutes = [int(x) for x in re.findall(r'<td class="num">(\d+)</td>', body)]
        assert sum(minutes) == int(used) <= int(length)
    for s in plans:
        assert s.class_minutes + s.assigned_minutes == total
        assert html_summary(s) in page
    workshop = plans[0]
    assert workshop.format.name == "One-day workshop"
    assert "Session 1, starting 09:00" in page and "<td>Break</td>" in page
    assert "pre-work" in page and "homework" in page


def html_summary(schedule):
    return str(escape(schedule.summary))


def test_text_in_the_notes_is_escaped():
    data = raw_notes()
    data["lessons"][0]["prompts"][0] = "<script>alert(1)</script> & `make <lab>`"
    data["setup"]["hub"][0] = "<img src=x onerror=alert(1)>"
    out = guide.guide_html(parse_notes(data))
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <code>make &lt;lab&gt;</code>" in out


def test_guide_page_is_standalone_and_offline(page):
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<title>Back-Safe Leg Day: instructor guide</title>" in page
    for loader in ("<script", "<link", "@import", "url(", "src=", "http://", "https://"):
        assert loader not in page, loader


def test_guide_command_writes_the_default_file(tmp_path):
    out = subprocess.run([sys.executable, "-m", "backsafe", "instructor", "guide"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=120,
                         env=dict(os.environ, BACKSAFE_DATA_DIR=str(tmp_path / "data")))
    target = tmp_path / "data" / "instructor" / "backsafe-instructor-guide.html"
    assert [p.name for p in tmp_path.iterdir()] == ["data"]     # nothing in the cwd
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"Instructor guide written to {target}."
    assert "Lesson notes" in target.read_text(encoding="utf-8")


def lesson_part(page, slug):
    part = page[page.index(f'<section id="lesson-{slug}">'):]
    return part[:part.index("</section>") + 10]


def test_each_lesson_has_goal_story_cuts_type_along_demos_and_check_ins(page):
    notes = load_notes()
    for item in AVAILABLE:
        n, part = notes.for_lesson(item.slug), lesson_part(page, item.slug)
        assert "<h4>Goal and story</h4>" in part and guide.note(n.story) in part
        for objective in item.objectives:
            assert str(escape(objective)) in part
        for cut in n.cut_if_late:
            assert f"<strong>{escape(cut.section)}</strong>: {guide.note(cut.instead)}" in part
        for demo in n.demos:
            assert f"<code>from backsafe import {demo.name}</code>" in part
        checks = {q.check for q in load_bank(item.slug).questions if q.check}
        for number in checks:
            assert f"Short check {number}, after" in part
        for q in load_bank(item.slug).questions:
            if q.check:
                assert f"<code>{q.id}</code>" in part
        assert "show of hands" in part
        assert "min each in class" in part


def test_guide_has_helpers_conduct_routines_physical_safety_and_glossary(page):
    from backsafe.content.glossary import glossary
    from backsafe.content.physical_tests import physical_tests

    notes = load_notes()
    for anchor in ("helpers", "conduct", "routines", "physical-tests", "glossary",
                   "learner-setup"):
        assert f'<section id="{anchor}">' in page and f'href="#{anchor}"' in page
    for line in (*notes.helpers, *notes.conduct, *notes.routines):
        assert guide.note(line) in page
    for t in physical_tests().tests:
        assert f'id="test-{t.id}"' in page
    assert "Never done alone" in page and "cramp" in page.lower()
    for t in glossary():
        assert f'<dt id="{t.anchor}">' in page


def test_story_and_cut_text_in_the_notes_is_escaped():
    data = raw_notes()
    data["lessons"][1]["story"] = "<script>x</script> story"
    data["lessons"][1]["cut_if_late"][0]["instead"] = "<img src=x> skip"
    out = guide.guide_html(parse_notes(data))
    assert "<script>x" not in out and "<img src=x>" not in out
    assert "&lt;script&gt;x&lt;/script&gt; story" in out


def test_guide_module_leaves_escaping_to_the_template():
    source = (ROOT / "backsafe" / "instructor" / "guide.py").read_text(encoding="utf-8")
    assert "html.escape" not in source and "\nimport html\n" not in source
