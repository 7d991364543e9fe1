"""The static site's quiz: the converted banks, marked by the real quiz.js in
Node, must agree with backsafe.models.grading.grade for every question."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from importlib import resources

import pytest

from backsafe.content.catalogue import lessons
from backsafe.content.markup import to_html
from backsafe.content.quizzes import load_bank
from backsafe.content.references import cite
from backsafe.delivery.static_quiz import bank_json, quiz_html
from backsafe.models.grading import grade

QUIZ_JS = resources.files("backsafe.delivery").joinpath("static/quiz.js")
BANKS = [load_bank(lesson.slug) for lesson in lessons() if lesson.available]


def _numeric_cases(q):
    a, tol, unit = q.answer, q.tolerance, q.unit or ""
    cases = [f"{a:g}", f"{a + tol:g}", f"{a - tol:g}", f"{a + tol + 1:g}", f"{a - tol - 1:g}",
             f"{a:g} {unit}", f"{a:g} parsecs", "", "   ", "lots", "inf", "1e999",
             f"{a:,.1f}", str(a).replace(".", ","), "\u2212" + f"{a:g}", "x" * 300]
    cases += [f"{a:g} {u}" for u in q.units_accepted]
    return cases


def _cases():
    """(question json, python response, expected grade) for every option and more."""
    for bank in BANKS:
        data = {q["id"]: q for q in bank_json(bank)["questions"]}
        for q in bank.questions:
            if q.type == "numeric":
                responses = _numeric_cases(q)
            elif q.type == "multiple":
                ids = [o.id for o in q.options]
                responses = [[i] for i in ids] + [[o.id for o in q.options if o.correct],
                                                  ids, []]
            else:
                responses = [o.id for o in q.options] + [None]
            for response in responses:
                yield bank.lesson, q, data[q.id], response


def _expected(q, response):
    g = grade(q, response)
    return {"answered": g.answered, "correct": g.correct, "score": round(g.score, 9),
            "feedback": [to_html(line, cite) for line in g.feedback], "message": g.message}


@pytest.fixture(scope="module")
def node_grades():
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to test the static quiz (it also builds the site).")
    cases = list(_cases())
    script = (
        "const q = require(process.argv[1]); let s = '';"
        "process.stdin.on('data', d => s += d); process.stdin.on('end', () => {"
        " const out = JSON.parse(s).map(([question, response]) => {"
        "  const g = q.gradeQuestion(question, response);"
        "  g.score = Math.round(g.score * 1e9) / 1e9; return g; });"
        " process.stdout.write(JSON.stringify(out)); });")
    payload = json.dumps([[data, response] for _, _, data, response in cases])
    with resources.as_file(QUIZ_JS) as path:
        done = subprocess.run([node, "-e", script, str(path)], input=payload,
                              capture_output=True, text=True, timeout=60, check=True)
    return cases, json.loads(done.stdout)


def test_every_bank_converts_with_every_question():
    for bank in BANKS:
        data = bank_json(bank)
        assert data["lesson"] == bank.lesson
        assert [q["id"] for q in data["questions"]] == [q.id for q in bank.questions]


def test_browser_grading_matches_python_for_every_option(node_grades):
    cases, got = node_grades
    assert len(cases) > 200          # every option of every bank, plus numeric edge cases
    mismatches = []
    for (lesson, q, _, response), js in zip(cases, got):
        want = _expected(q, response)
        js = {k: js.get(k) for k in want}
        if js != want:
            mismatches.append((lesson, q.id, response, want, js))
    assert not mismatches, mismatches[:3]


def test_each_kind_of_answer_is_exercised(node_grades):
    cases, got = node_grades
    kinds = {(q.type, g["correct"], g["answered"]) for (_, q, _, _), g in zip(cases, got)}
    for qtype in ("single", "multiple", "true_false", "numeric"):
        assert (qtype, True, True) in kinds and (qtype, False, True) in kinds
    assert ("numeric", False, False) in kinds          # a typed answer that is not a number
    assert any(0 < g["score"] < 1 for g in got)         # partial credit


def test_quiz_html_escapes_text_and_cannot_close_its_script():
    bank = BANKS[0]
    evil = type(bank.questions[0])(
        id="evil", type="single", prompt="<b>bold</b> & </script><script>alert(1)</script>",
        explanation="x", references=bank.questions[0].references,
        options=(type(bank.questions[0].options[0])("a", "<i>A</i>", True, "</script>"),
                 type(bank.questions[0].options[0])("b", "B", False, "no")))
    page = quiz_html(type(bank)("start-here", "x.yaml", (evil,)), "f")
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert page.count("</script>") == 1            # only the JSON block's own end tag
    data = re.search(r'<script type="application/json"[^>]*>(.*)</script>', page, re.S).group(1)
    assert json.loads(data)["questions"][0]["options"][0]["text"] == html.escape("<i>A</i>",
                                                                                 quote=False)


def test_quiz_html_has_a_control_per_option_and_no_saving_claim():
    bank = load_bank("causes-and-form")
    page = quiz_html(bank)
    for q in bank.questions:
        assert f'data-feedback-for="{q.id}"' in page
        for o in q.options:
            assert f'value="{o.id}"' in page
    assert "saved" not in page.lower()
    assert "make lab" in page
