"""Predict before exploring, practice checkers, short checks, Next links, the header line."""
import dataclasses
import re
from datetime import datetime, timedelta, timezone

import pytest

from backsafe.content.catalogue import lessons
from backsafe.content.loader import UnknownName
from backsafe.content.practice import lesson_practice, practice_answers
from backsafe.content.predictions import predictions
from backsafe.content.quizzes import load_bank
from backsafe.delivery.snapshot import link_lessons
from backsafe.models.practice import EXPECTED, judge
from backsafe.models.predictions import ANSWERS, model_answer
from backsafe.store import FILENAME, ProgressStore
from backsafe.widgets.lesson_page import progress_line
from backsafe.widgets.practice import practice_check
from backsafe.widgets.predict import predict_widget
from backsafe.widgets.quiz import quiz_widget

from .helpers import NOTEBOOKS
from .lint import Notebook
from .test_store_schema import g

LESSONS = [item for item in lessons() if item.available]
EXPLORER = re.compile(r"^\s*(\w+_explorer)\(\)", re.M)
# Views of the learner's own progress (lesson 07), not explorers of a model: there
# is nothing to predict before them.
PROGRESS_VIEWS = {"progress_dashboard_explorer", "review_explorer"}


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / FILENAME)


def nb_of(item):
    return Notebook.read(NOTEBOOKS / item.notebook)


# -- predictions --------------------------------------------------------------------

@pytest.mark.parametrize("pid", sorted(predictions()))
def test_every_prediction_has_a_model_answer_among_its_options(pid):
    item = predictions()[pid]
    answer = model_answer(pid)
    assert answer.option in dict(item.options) and answer.shown.strip()
    assert item.lesson in {i.slug for i in LESSONS}
    assert set(ANSWERS) == set(predictions())


@pytest.mark.parametrize("item", LESSONS, ids=lambda i: i.slug)
def test_every_explorer_has_a_prediction_right_before_it(item):
    code = nb_of(item).code()
    for n, src in enumerate(code):
        found = EXPLORER.search(src)
        if found and found.group(1) not in PROGRESS_VIEWS:
            assert "predict_widget(" in code[n - 1], f"{item.slug}: {src.strip()[:60]}"
            pid = re.search(r'predict_widget\("([^"]+)"\)', code[n - 1]).group(1)
            assert predictions()[pid].lesson == item.slug


def test_a_prediction_is_saved_then_compared_and_never_scored(store):
    box = predict_widget("double-the-bar", store=store)
    assert box.compare.disabled
    box.save.click()                                     # nothing chosen yet
    assert "Choose one answer" in box.feedback.value and store.attempt_count() == 0
    box.choice.value = "exactly-double"
    box.save.click()
    assert "You predicted: It rises to exactly double" in box.feedback.value
    assert not box.compare.disabled
    assert store.attempt_count() == 1 and store.question_status() == []
    assert store.best_scores() == {} and store.quiz_responses() == []
    box.compare.click()
    text = box.feedback.value
    assert "It rises to exactly double" in text and "less than double" in text
    assert "something else" in text and "N·m" in text  # the model's own numbers


def test_a_right_prediction_is_told_so_and_a_broken_store_costs_nothing(tmp_path):
    box = predict_widget("incidence-up", store=None)
    box.choice.value = "up-20"
    box.save.click()
    box.compare.click()
    assert "matches the model" in box.feedback.value


def test_the_behind_the_spine_answer_follows_the_options_offered(monkeypatch):
    import backsafe.content.predictions as content

    item = predictions()["behind-the-spine"]
    swapped = tuple(("multifidus", "Multifidus") if oid == "erector-spinae" else (oid, text)
                    for oid, text in item.options)
    monkeypatch.setattr(content, "prediction",
                        lambda pid: dataclasses.replace(item, options=swapped))
    assert model_answer("behind-the-spine").option == "multifidus"


def test_an_unknown_prediction_lists_the_real_ones():
    with pytest.raises(UnknownName, match="double-the-bar"):
        predict_widget("no-such-thing", store=None)


# -- practice -----------------------------------------------------------------------

def test_judge_says_right_close_not_quite_or_missing():
    assert judge(None, 4.6, tolerance=0.1, close=0.5) == "missing"
    assert judge(4.6, 4.6, tolerance=0.1, close=0.5) == "right"
    assert judge(4.9, 4.6, tolerance=0.1, close=0.5) == "close"
    assert judge(9, 4.6, tolerance=0.1, close=0.5) == "not quite"
    assert judge("1,370", 1370, tolerance=1) == "right"
    assert judge("abc", 1370, tolerance=1) == "not a number"
    assert judge("Prompt", None, choice=("prompt",)) == "right"
    assert judge("emergency", None, choice=("prompt",)) == "not quite"


@pytest.mark.parametrize("slug", sorted(practice_answers()))
def test_the_checker_marks_right_answers_right_and_never_shows_them(slug):
    expected = EXPECTED[slug]()
    items = lesson_practice(slug)
    right = {a.id.replace("-", "_"): (a.choice[0] if a.choice else expected[a.id])
             for a in items}
    page = practice_check(slug, **right).data
    assert page.count('data-outcome="right"') == len(items)
    wrong = {k: ("wrong" if isinstance(v, str) else v * 3 + 7) for k, v in right.items()}
    page = practice_check(slug, **wrong).data
    assert page.count('data-outcome="not quite"') == len(items)
    assert page.count("Hint:") == len(items)
    empty = practice_check(slug).data
    assert empty.count('data-outcome="missing"') == len(items)
    for value in expected.values():                       # the answer is never printed
        for shown in {f"{value:.2f}", f"{value:,.0f}", f"{value:.1f}"}:
            if len(shown) >= 3:
                assert shown not in empty and shown not in page


def test_text_typed_for_a_number_gets_a_plain_sentence():
    page = practice_check("overtraining", weekly_load="about a thousand").data
    assert "that is not a number; type digits" in page and "Traceback" not in page


def test_a_misspelt_practice_answer_is_one_sentence():
    with pytest.raises(UnknownName, match="times_standing"):
        practice_check("anatomy", time_standing=4.6)


@pytest.mark.parametrize("item", LESSONS, ids=lambda i: i.slug)
def test_every_practice_section_has_a_checker_with_no_answer_filled_in(item):
    nb = nb_of(item)
    cells = [nb.source(c) for c in nb.cells]
    start = next(n for n, c in enumerate(cells) if c.startswith("## Practice"))
    end = next(n for n, c in enumerate(cells) if c.startswith("## Quiz"))
    checker = [c for c in cells[start:end] if f'practice_check("{item.slug}"' in c]
    assert len(checker) == 1
    assert re.findall(r"^my_\w+ = (.*?)\s*(?:#|$)", checker[0], re.M) and all(
        v == "None" for v in re.findall(r"^my_\w+ = (.*?)\s*(?:#|$)", checker[0], re.M))


# -- short checks -------------------------------------------------------------------

def test_a_short_check_asks_only_its_questions_and_is_recorded_as_a_check(store):
    quiz = quiz_widget("core", check=2, seed=1, store=store)
    ids = [v.question.id for v in quiz.views]
    assert ids == [q.id for q in load_bank("core").questions if q.check == 2]
    quiz.views[0].control.value = quiz.views[0].control.options[0][1]
    quiz.check.click()
    assert store.best_scores() == {} and store.completed_lessons() == []
    assert {r["kind"] for r in store.quiz_responses()} == {"check"}
    assert "Score:" in quiz.score.value


def test_an_unknown_short_check_is_one_sentence():
    with pytest.raises(UnknownName, match="checks are 1, 2"):
        quiz_widget("your-plan", check=3, store=None)


@pytest.mark.parametrize("item", LESSONS, ids=lambda i: i.slug)
def test_each_lesson_has_two_or_three_checks_in_order_before_practice(item):
    nb = nb_of(item)
    cells = [nb.source(c) for c in nb.cells]
    found = [(n, int(m.group(1))) for n, c in enumerate(cells)
             for m in [re.search(rf'quiz_widget\("{item.slug}", check=(\d)\)', c)] if m]
    practice = next(n for n, c in enumerate(cells) if c.startswith("## Practice"))
    numbers = [k for _, k in found]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 2
    assert all(n < practice for n, _ in found)
    bank = load_bank(item.slug)
    for k in numbers:
        assert 3 <= sum(q.check == k for q in bank.questions) <= 4


# -- learning path --------------------------------------------------------------------

@pytest.mark.parametrize("item", LESSONS, ids=lambda i: i.slug)
def test_every_lesson_ends_with_a_working_next_link(item):
    nb = nb_of(item)
    last = nb.source(nb.cells[-1])
    target = re.search(r"\*\*Next: lesson (\d\d)[^\]]*\[[^\]]+\]\((\d\d-[a-z-]+\.ipynb)\)", last)
    assert target, last
    following = [i for i in LESSONS if i.number == item.number + 1] or [LESSONS[0]]
    assert target.group(2) == following[0].notebook
    assert target.group(2) == f"{target.group(1)}-{following[0].slug}.ipynb"
    assert (NOTEBOOKS / target.group(2)).is_file()
    page = f'<a href="{target.group(2)}">x</a>'
    assert link_lessons(page, ".html") == f'<a href="{target.group(2)[:-6]}.html">x</a>'


def test_the_self_check_order_links_to_the_lessons():
    from backsafe.widgets.start_here import _recommendation_html
    from backsafe.content.start_here import self_check_questions
    from backsafe.models.triage import recommend_lessons

    recs = recommend_lessons({"lifts": ["deadlift"], "timing": "during"},
                             self_check_questions(), lessons())
    page = _recommendation_html(recs)
    for rec in recs:
        assert f'href="{rec.lesson.notebook}"' in page


def test_lesson_00_states_the_total_pacing_and_what_to_do_if_widgets_show_as_text():
    nb = Notebook.read(NOTEBOOKS / "00-start-here.ipynb")
    text = "\n".join(nb.markdown())
    assert "Pacing." in text and "show as text" in text and "Restart Kernel" in text
    assert any("Course total" in c for c in nb.code())


# -- header ------------------------------------------------------------------------

def test_the_header_shows_best_score_and_reviews_due(store):
    assert "no quiz checked yet" in progress_line("core", store)
    store.record_quiz("core", [g("a", True), g("b", False), g("c", False), g("d", True)],
                      {}, complete=True)
    later = datetime.now(timezone.utc) + timedelta(days=2)
    line = progress_line("core", store, now=later)
    assert "2 out of 4 (50%)" in line and "2 questions due for review" in line
    assert "0 questions due" in progress_line("core", store)   # not due for a day
    assert "not being recorded" in progress_line("core", None)


# -- honest minutes ------------------------------------------------------------------

@pytest.mark.parametrize("item", LESSONS, ids=lambda i: i.slug)
def test_stated_minutes_are_within_15_percent_of_the_estimate(item):
    from .lesson_minutes import estimate

    teaching, practice = estimate(nb_of(item), item.slug)
    stated = item.teaching_minutes + item.practice_minutes
    assert abs(stated - (teaching + practice)) <= 0.15 * (teaching + practice), (
        f"{item.slug}: {stated} min stated, about {teaching + practice:.0f} estimated "
        f"({teaching:.0f} teaching + {practice:.0f} practice)")


# -- Run All reveals no practice answer ----------------------------------------------

def _shown_forms(value: float) -> set[str]:
    """How a practice answer could appear in an output; forms under 3 characters
    (such as '45') are too common to mean anything."""
    forms = {f"{value:.2f}", f"{value:.1f}", f"{value:,.0f}", f"{value:.0f}"}
    return {f for f in forms if len(f) >= 3 and not f.endswith(".00")}


def _output_text(path) -> str:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for mime in ("text/plain", "text/html", "text/markdown"):
                value = out.get("data", {}).get(mime, "")
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def executed():
    """Every lesson run top to bottom as Run All does (reusing build/executed when it
    is newer than the notebook and the course package, as the site build does)."""
    from backsafe.delivery.execute import available_lessons, execute_lessons

    from .helpers import ROOT

    paths = execute_lessons(NOTEBOOKS, ROOT / "build" / "executed", log=lambda _: None)
    return {lesson.slug: path for lesson, path in zip(available_lessons(), paths)}


@pytest.mark.parametrize("slug", sorted(set(EXPECTED) - {"your-plan"}))
def test_run_all_prints_no_practice_answer(executed, slug):
    text = _output_text(executed[slug])
    assert "practice_check" not in text and "bsld-practice-check" in text  # it ran
    assert 'data-outcome="right"' not in text                     # nothing filled in
    for answer_id, value in EXPECTED[slug]().items():
        for form in _shown_forms(float(value)):
            assert not re.search(rf"(?<![\d.]){re.escape(form)}(?![\d])", text), (
                f"{slug}: Run All shows {form}, the answer to {answer_id}")


# -- any order (issue 25) --------------------------------------------------------------

@pytest.mark.parametrize("item", LESSONS, ids=lambda i: i.slug)
def test_every_code_cell_runs_on_its_own(item, tmp_path, monkeypatch):
    """A learner may run an explorer or quiz cell before the lesson's first cell:
    each cell, run alone in a fresh namespace, imports what it calls."""
    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path))
    nb = nb_of(item)
    for src in nb.code():
        try:
            exec(compile(src, f"<{item.slug} cell>", "exec"), {})
        except NameError as exc:                      # pragma: no cover - the failure
            pytest.fail(f"{item.slug}: {exc} in a cell run on its own:\n{src[:200]}")


def test_the_static_site_shows_a_short_check_as_only_its_questions():
    import nbformat

    from backsafe.delivery.snapshot import WIDGET_STATE, WIDGET_VIEW, static_copy

    quiz = quiz_widget("core", check=2, store=None)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('quiz_widget("core", check=2)')
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        WIDGET_VIEW: {"model_id": "q1", "version_major": 2, "version_minor": 0}})]
    nb.cells = [cell]
    nb.metadata["widgets"] = {WIDGET_STATE: {"state": {"q1": {"state": {
        "_dom_classes": list(quiz._dom_classes)}}}}}
    page = static_copy(nb, "core").cells[0].outputs[0]["data"]["text/html"]
    asked = re.findall(r'data-question="([^"]+)"', page)
    assert asked == [q.id for q in load_bank("core").questions if q.check == 2]
    assert 'id="bsld-quiz-core-check-2"' in page


@pytest.mark.parametrize("item", [i for i in LESSONS if i.slug not in ("start-here",
                                                                        "your-plan")],
                         ids=lambda i: i.slug)
def test_things_to_try_ask_questions_instead_of_telling_the_outcome(item):
    nb = nb_of(item)
    text = "\n".join(nb.markdown())
    lists = re.findall(r"First save your prediction in the cell below, then[^\n]*\n\n"
                       r"((?:- [^\n]*\n)+)", text)
    assert lists, f"{item.slug}: no explore-questions list before the explorer"
    bullets = [b for block in lists for b in block.splitlines()]
    asked = [b for b in bullets if "?" in b]
    assert len(asked) >= 0.75 * len(bullets) and len(asked) >= 3
    assert not any(re.search(r"\bwatch (the|how)\b", b, re.I) for b in bullets)
    assert "Things to try" not in text


def test_the_header_carries_the_progress_line(tmp_path, monkeypatch):
    from backsafe.widgets.lesson_page import at_a_glance

    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path))
    page = at_a_glance("anatomy").data
    assert 'class="bsld-progress-line"' in page and "due for review" in page
