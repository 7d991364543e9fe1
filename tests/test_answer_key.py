"""The answer key: complete, escaped, offline, written atomically, never in a notebook."""
import json
import os
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest

from backsafe.content.catalogue import lesson, lessons
from backsafe.content.markup import to_html
from backsafe.content.quizzes import parse_bank
from backsafe.content.references import cite, reference
from backsafe.instructor import answer_key as key
from backsafe.instructor.cli import run_instructor

from .helpers import NOTEBOOKS


@pytest.fixture(scope="module")
def page():
    return key.answer_key_html()


def question_part(page, slug, qid):
    start = page.index(f'id="{slug}-{qid}"')
    end = page.find('<section class="question"', start)
    return page[start:end if end != -1 else len(page)]


def test_every_question_of_every_lesson_is_in_the_key_with_its_answer(page):
    banks = key.lesson_banks()
    assert [item.slug for item, _ in banks] == [x.slug for x in lessons() if x.available]
    assert sum(len(b.questions) for _, b in banks) >= 80
    for item, bank in banks:
        assert f'href="#lesson-{item.slug}"' in page
        for q in bank.questions:
            part = question_part(page, item.slug, q.id)
            answer = part[part.index("Correct answer:"):part.index("</p>",
                                                                   part.index("Correct answer:"))]
            if q.type == "numeric":
                assert f"<strong>{key.number(q.answer)}" in answer, q.id
                assert f"± {key.number(q.tolerance)}" in answer or "exactly" in answer
                if q.unit:
                    assert to_html(q.unit) in answer
                for _, feedback in q.feedback:
                    assert to_html(feedback, cite) in part
            else:
                for o in q.options:
                    shown = f"<strong>{to_html(o.text, cite)}</strong>"
                    assert (shown in answer) is o.correct, (q.id, o.id)
                    assert to_html(o.feedback, cite) in part, (q.id, o.id)
            assert to_html(q.explanation, cite) in part
            for ref in q.references:
                assert reference(ref).to_html() in part


def test_the_pre_post_forms_and_the_final_assessment_are_in_the_key(page):
    from backsafe.content.final_assessment import final_items
    from backsafe.content.pre_post import pre_post_groups

    sections = {slug: qs for slug, _, qs in key.assessment_sections()}
    assert sections["pre-post-a"] == [g.a for g in pre_post_groups()]
    assert sections["pre-post-b"] == [g.b for g in pre_post_groups()]
    assert sections["final-assessment"] == [i.question for i in final_items()]
    for slug, questions in sections.items():
        assert f'href="#lesson-{slug}"' in page
        for q in questions:
            part = question_part(page, slug, q.id)
            assert "Correct answer:" in part and to_html(q.explanation, cite) in part
            for right in (o for o in q.options if o.correct):
                assert f"<strong>{to_html(right.text, cite)}</strong>" in part, q.id


def test_correct_and_wrong_options_are_marked_in_words(page):
    part = question_part(page, "causes-and-form", "lower-the-moment")
    rows = re.findall(r"<tr( class=\"correct\")?><td>(.*?)</td><td class=\"verdict\">(.*?)</td>",
                      part)
    verdicts = {text: verdict for _, text, verdict in rows}
    assert verdicts["Keeping the trunk more upright"] == "&#10003; correct"
    assert verdicts["Lifting the bar faster"] == "wrong"


def test_numeric_answers_give_value_tolerance_and_unit(page):
    part = question_part(page, "causes-and-form", "bar-moment")
    assert "<strong>294.3 N·m</strong>. Accepted: 291.3 to 297.3 (± 3) N·m" in part
    assert "units accepted: N·m, Nm" in part
    assert "below 291.3" in part and "above 297.3" in part


def test_citations_in_text_render_like_the_lessons(page):
    bank = parse_bank({"lesson": "anatomy", "questions": [{
        "id": "cited", "type": "true_false", "prompt": "Discs are loaded [@wilke1999].",
        "answer": True, "feedback": {"true": "Yes.", "false": "No."},
        "explanation": "See **this**.", "references": ["nice2016"]}]}, "test.yaml")
    out = key.answer_key_html([(lesson("anatomy"), bank)])
    assert (f'Discs are loaded <span class="bsld-cite" title="{reference("wilke1999").summary}">'
            f"({cite('wilke1999')})</span>.") in out
    assert "<strong>this</strong>" in out
    assert reference("wilke1999").to_html() in out and reference("nice2016").to_html() in out


def test_text_from_a_bank_is_escaped():
    hostile = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
    bank = parse_bank({"lesson": "anatomy", "questions": [{
        "id": "evil", "type": "single", "prompt": f"Prompt {hostile}",
        "explanation": f"Because {hostile}", "references": ["nice2016"],
        "options": [
            {"id": "a", "text": f"A {hostile}", "correct": True, "feedback": f"FB {hostile}"},
            {"id": "b", "text": "B", "correct": False, "feedback": "<script>bad()</script>"},
        ]}]}, "evil.yaml")
    out = key.answer_key_html([(lesson("anatomy"), bank)])
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;img" in out
    assert "FB &lt;script&gt;" in out and "&lt;script&gt;bad()&lt;/script&gt;" in out


def test_page_is_standalone_and_offline(page):
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<title>Back-Safe Leg Day: answer key</title>" in page
    assert "<h1>" in page and "<h2>Contents</h2>" in page
    for loader in ("<script", "<link", "@import", "url(", "src=", "http://", "https://"):
        assert loader not in page, loader


# -- the command ---------------------------------------------------------------------

def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "backsafe", "instructor", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120,
                          env=dict(os.environ, BACKSAFE_DATA_DIR=str(cwd / "data")))


def test_command_writes_the_key_outside_the_current_folder_by_default(tmp_path):
    out = run("answer-key", cwd=tmp_path)
    target = tmp_path / "data" / "instructor" / "backsafe-answer-key.html"
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == (f"Answer key written to {target}. Keep it out of the "
                                  "learners' folders.")
    assert key.MARKER in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["data"]     # nothing in the cwd


def test_command_with_output_and_bad_targets(tmp_path):
    out = run("answer-key", "-o", "mine.html", cwd=tmp_path)
    assert out.returncode == 0 and (tmp_path / "mine.html").is_file()
    missing = run("answer-key", "-o", str(tmp_path / "nowhere" / "k.html"), cwd=tmp_path)
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    assert missing.stderr.startswith("Nothing was written:") and "nowhere" in missing.stderr
    folder = run("answer-key", "-o", str(tmp_path), cwd=tmp_path)
    assert folder.returncode == 2 and "is a folder" in folder.stderr
    empty = run("answer-key", "-o", "", cwd=tmp_path)
    assert empty.returncode == 2 and "give a file name" in empty.stderr
    usage = run(cwd=tmp_path)
    assert usage.returncode == 2 and "answer-key" in usage.stderr


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch,
                                                                 capsys):
    import backsafe.files

    target = tmp_path / "key.html"
    target.write_text("old key")

    def no_space(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backsafe.files.os, "replace", no_space)
    code = run_instructor(SimpleNamespace(action="answer-key", output=str(target)))
    err = capsys.readouterr().err
    assert code == 1 and "no space left on device" in err and err.count("\n") == 1
    assert target.read_text() == "old key" and os.listdir(tmp_path) == ["key.html"]


def test_a_broken_bank_is_one_sentence_and_nothing_is_written(tmp_path, monkeypatch, capsys):
    from backsafe.content.loader import ContentError

    def broken(banks=None):
        raise ContentError("quizzes/anatomy.yaml", "no option is marked correct", "q1",
                           "options")

    monkeypatch.setattr(key, "answer_key_html", broken)
    target = tmp_path / "key.html"
    code = run_instructor(SimpleNamespace(action="answer-key", output=str(target)))
    err = capsys.readouterr().err
    assert code == 1 and not target.exists() and os.listdir(tmp_path) == []
    assert "quizzes/anatomy.yaml, item 'q1', field 'options'" in err and err.count("\n") == 1


# -- the key stays away from learners --------------------------------------------------

MARKERS = ("backsafe.instructor", "answer_key", "answer-key", key.MARKER,
           key.TITLE)


def test_no_learner_notebook_imports_or_contains_the_key():
    notebooks = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert len(notebooks) >= 8
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        everything = path.read_text(encoding="utf-8")
        assert not re.search(r"(from|import)\s+backsafe\.instructor", code), path.name
        for marker in MARKERS:
            assert marker not in everything, (path.name, marker)


def test_learner_exports_do_not_include_instructor_modules():
    import backsafe

    modules = set(backsafe._EXPORTS.values())
    assert not any(m.startswith("backsafe.instructor") for m in modules)
    namespace = {}
    exec("from backsafe import *", namespace)
    assert not {"answer_key_html", "guide_html", "load_notes"} & set(namespace)
