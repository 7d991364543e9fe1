"""The instructor's class report: reading result files safely, the numbers of a
hand-checked class, the HTML, the command and the notebook view."""
from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import backsafe
from backsafe import result_format as rf
from backsafe.content.pre_post import form_questions
from backsafe.instructor.class_report import build_report, class_statistics, report_body
from backsafe.instructor.results import FolderError, read_folder
from backsafe.widgets.class_report import class_report_view

from .assessment_fixtures import fixture_final, fixture_forms  # noqa: F401 (fixtures)

DATA = Path(__file__).parent / "data" / "class"
HOSTILE_NAME = "<script>window.__pwned=1</script>"


def result(learner="l-1", name="Sam", written="2026-11-28T12:00:00+00:00",
           responses=None, **fields) -> dict:
    """A valid result file (schema 1) with one right answer to anatomy/disc-count."""
    data = {"format": rf.FORMAT, "schema": rf.SCHEMA, "course_version": backsafe.__version__,
            "learner": learner, "name": name, "written": written,
            "lessons": {"anatomy": {"complete": True}},
            "responses": [{"question": "anatomy/disc-count", "kind": "quiz", "response": "5",
                           "at": "2026-11-28T09:00:00+00:00"}]
            if responses is None else responses}
    data.update(fields)
    return data


def put(folder: Path, stem: str, data) -> Path:
    path = folder / f"{stem}{rf.SUFFIX}"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def lines(results) -> list[str]:
    return [p.line() for p in results.problems]


def svgs(page: str) -> list[str]:
    return [base64.b64decode(m).decode() for m in
            re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)]


# -- the three learners in tests/data/class, checked by hand ------------------------

@pytest.fixture(scope="module")
def three():
    return class_statistics(read_folder(DATA))


def test_three_learners_counted_and_hostile_file_reported(three):
    r = three.results
    assert [lr.name for lr in r.learners] == ["Ana", "Ben", HOSTILE_NAME]
    assert len(r.problems) == 2
    forged, unknown = lines(r)
    assert forged.startswith("mallory.bsld-result.json: score-like field(s)")
    assert "'score'" in forged and "'lessons.anatomy.score'" in forged
    assert "recomputed" in forged
    assert "answers to questions that no longer exist were dropped: 1 (" in unknown
    assert "anatomy/no-such-question" in unknown


def test_three_learners_lesson_scores_by_hand(three):
    anatomy = {s.lesson: s for s in three.lessons}["anatomy"]
    # Anatomy has 11 questions. Latest quiz answers:
    #   Ana: disc-nerves right (her later answer), disc-count, slipped-disc, close-load
    #        right -> 4/11 (her "review" answer 7 to disc-count is not a quiz answer)
    #   Ben: slipped-disc and hip-extensors right -> 2/11
    #   Mallory: disc-count and close-load right (her forged "correct" is ignored) -> 2/11
    assert anatomy.participants == (0, 1, 2)
    assert anatomy.scores.tolist() == pytest.approx([4 / 11, 2 / 11, 2 / 11])
    start = {s.lesson: s for s in three.lessons}["start-here"]
    assert start.participants == (1,)                     # only Ben, 1 of 8 right
    assert start.scores.tolist() == pytest.approx([1 / 8])
    others = [s for s in three.lessons if s.lesson not in ("anatomy", "start-here")]
    assert all(not s.participants for s in others)


def test_three_learners_difficulty_distractors_discrimination_by_hand(three):
    anatomy = {s.lesson: s for s in three.lessons}["anatomy"]
    items = {i.question.id: i for i in anatomy.items}
    # share correct among those who answered
    assert items["disc-nerves"].difficulty == pytest.approx(1 / 3)     # Ana only
    assert items["disc-count"].difficulty == pytest.approx(2 / 3)      # Ana, Mallory
    assert items["slipped-disc"].difficulty == pytest.approx(2 / 3)    # Ana, Ben
    assert items["close-load"].difficulty == pytest.approx(2 / 3)      # Ana, Mallory
    assert items["hip-extensors"].difficulty == 1.0                    # Ben, 1 of 1
    assert items["disc-nutrition"].difficulty is None                  # pre/post only
    assert items["disc-nerves"].distractors == (("nucleus", 1), ("whole-disc", 1))
    assert items["disc-count"].distractors == (("4", 1),)
    assert items["slipped-disc"].distractors == (("true", 1),)
    # Totals 4, 2, 2. disc-nerves: item [1,0,0], rest [3,2,2] -> r = 1.
    # disc-count: item [1,0,1], rest [3,2,1]: deviations [1/3,-2/3,1/3] and
    # [1,0,-1], covariance 0 -> r = 0. hip-extensors: item [0,1,0], rest [4,1,2]
    # -> r = -4/sqrt(28) = -0.756.
    assert items["disc-nerves"].discrimination == pytest.approx(1.0)
    assert items["disc-count"].discrimination == pytest.approx(0.0, abs=1e-12)
    assert items["hip-extensors"].discrimination == pytest.approx(-0.7559, abs=1e-4)


def test_old_pre_post_answers_are_read_but_give_no_gain(three):
    """The three files predate the parallel forms: their pre/post answers went to
    lesson-quiz questions. They load, and count for nothing in the gain."""
    assert three.prepost == () and three.old_prepost == 3
    assert three.gain.learners == 0
    page = report_body(three)
    assert "3 learner(s) answered the earlier version of the pre- or post-test" in page


def right_or_wrong(q, right):
    return next(o.id for o in q.options if o.correct is right)


@pytest.fixture
def forms_class(tmp_path, fixture_forms):
    """Ana, Ben and Mallory again, now on the parallel forms: two questions each."""
    folder = tmp_path / "forms-class"
    folder.mkdir()
    scores = {"Ana": ((True, False), (True, True)), "Ben": ((False, False), (True, False)),
              "Mallory": ((True, True), (False, True))}
    for n, (name, (pre, post)) in enumerate(scores.items()):
        responses = []
        for kind, form, marks in (("pre", "a", pre), ("post", "b", post)):
            for (key, q), right in zip(form_questions(form), marks):
                responses.append({"question": key, "kind": kind, "at": f"2026-12-0{n + 1}T"
                                  f"{'09' if kind == 'pre' else '15'}:00:00+00:00",
                                  "response": right_or_wrong(q, right)})
        put(folder, name.lower(), result(learner=f"l-{n}", name=name, responses=responses))
    return folder


def test_pre_post_gain_on_the_parallel_forms_by_hand(forms_class):
    stats = class_statistics(read_folder(forms_class))
    rows = {r.learner.name: r for r in stats.prepost}
    # pre (form A) / post (form B), share correct of 2 questions each:
    #   Ana 1/2 -> 2/2: g = (1 - .5) / (1 - .5) = 1.0
    #   Ben 0/2 -> 1/2: g = .5 / 1 = 0.5
    #   Mallory 2/2 -> 1/2: g undefined (pre-test 100%)
    assert (rows["Ana"].pre, rows["Ana"].post, rows["Ana"].gain) == (0.5, 1.0, 1.0)
    assert (rows["Ben"].pre, rows["Ben"].post, rows["Ben"].gain) == (0.0, 0.5, 0.5)
    assert rows["Mallory"].pre == 1.0 and rows["Mallory"].gain is None
    # class: mean pre .5, mean post 2/3, g of the means (2/3 - .5)/.5 = 1/3;
    # mean of the two defined gains (1.0 + 0.5) / 2 = 0.75
    g = stats.gain
    assert g.learners == 3 and g.mean_pre == pytest.approx(0.5)
    assert g.mean_post == pytest.approx(2 / 3)
    assert g.gain_of_means == pytest.approx(1 / 3)
    assert g.mean_of_gains == pytest.approx(0.75) and g.gains_defined == 2
    assert stats.old_prepost == 0 and not stats.results.problems
    page = report_body(stats)
    for text in ("0.33 (of the averages)", "0.75 (mean of 2 individual gains)"):
        assert text in page, text
    assert any("Learner 1: pre 50%, post 100%." in a
               for a in re.findall(r'alt="([^"]+)"', build_report(forms_class)[0]))


def test_the_gain_compares_only_the_objectives_asked_in_both_tests(tmp_path,
                                                                    fixture_forms):
    """A post-test item retired (or skipped) after the pre-test leaves its
    objective out of both scores, so the two are scored on the same objectives."""
    (first_a, qa), (second_a, qa2) = form_questions("a")[:2]
    (first_b, qb), _ = form_questions("b")[:2]
    at = "2026-12-01T{}:00:00+00:00"
    responses = [
        {"question": first_a, "kind": "pre", "at": at.format("09"),
         "response": right_or_wrong(qa, False)},
        {"question": second_a, "kind": "pre", "at": at.format("09"),
         "response": right_or_wrong(qa2, True)},
        {"question": first_b, "kind": "post", "at": at.format("15"),
         "response": right_or_wrong(qb, True)}]
    folder = tmp_path / "partial"
    folder.mkdir()
    put(folder, "ana", result(name="Ana", responses=responses))
    [row] = class_statistics(read_folder(folder)).prepost
    assert (row.pre, row.pre_answered, row.post, row.post_answered) == (0.0, 1, 1.0, 1)
    assert row.gain == 1.0       # (unpaired, the pre-test would be 1 of 2 questions)


def test_answers_to_retired_pre_post_and_final_items_are_kept_out_not_lost(tmp_path):
    responses = [{"question": key, "kind": kind, "at": "2026-12-01T09:00:00+00:00",
                  "response": "x1-4"}
                 for key, kind in (("pre-post/pp-lean-thirty-a", "pre"),
                                   ("final-assessment/fa-double-the-bar", "final"))]
    folder = tmp_path / "old-ids"
    folder.mkdir()
    put(folder, "eli", result(name="Eli", responses=responses))
    problems = " ".join(p.line() for p in read_folder(folder).problems)
    assert "retired questions were kept out of the scores" in problems
    assert "no longer exist" not in problems


def test_a_form_a_answer_given_as_a_post_test_is_not_scored(forms_class):
    """The post-test is scored on form B only (and the pre-test on form A)."""
    ana = json.loads((forms_class / f"ana{rf.SUFFIX}").read_text())
    for r in ana["responses"]:
        r["kind"] = "post" if r["kind"] == "pre" else "pre"
    put(forms_class, "ana", ana)
    rows = {r.learner.name: r for r in class_statistics(read_folder(forms_class)).prepost}
    assert "Ana" not in rows


def test_report_html_shows_the_hand_checked_numbers_escaped():
    page, _ = build_report(DATA)
    assert "<title>Class results" in page and '<html lang="en">' in page
    assert HOSTILE_NAME not in page and "&lt;script&gt;window.__pwned=1" in page
    assert "<img" not in page.replace('<img src="data:image/svg+xml;base64,', "")
    for text in ("3 of 3", "24%", "33%", "1.00", "-0.76",
                 # the misconception behind a wrong option, from the bank's feedback
                 "Only the soft nucleus at the centre", "The healthy nucleus has neither nerves"):
        assert text in page, text
    assert "undefined: nobody answered it" in page and "NaN" not in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_figures_are_svg_with_descriptions_and_no_learner_text():
    page, _ = build_report(DATA)
    pictures = svgs(page)
    assert len(pictures) == 2           # no pre/post figure: those answers are old-style
    for svg in pictures:
        assert "<svg" in svg and "script" not in svg.lower()
        assert "Ana" not in svg and "Ben" not in svg and "pwned" not in svg
    alts = re.findall(r'alt="([^"]+)"', page)
    assert any("anatomy: 3 learner(s), mean 24%, median 18%, lowest 18%, highest 36%"
               in a for a in alts)
    assert any("anatomy: Q1 67% (2 of 3), Q2 33% (1 of 3)" in a for a in alts)


# -- hostile and broken files ---------------------------------------------------

def test_every_broken_file_is_one_line_and_the_rest_still_counts(tmp_path):
    put(tmp_path, "good", result())
    put(tmp_path, "not-json", "{this is not json")
    put(tmp_path, "a-list", "[1, 2]")
    put(tmp_path, "other-format", result(format="something-else"))
    put(tmp_path, "newer-schema", result(schema=2))
    put(tmp_path, "no-name", {k: v for k, v in result().items() if k != "name"})
    put(tmp_path, "mistyped", result(responses="all right"))
    put(tmp_path, "nan", '{"format": "backsafe-legday-result", "schema": NaN}')
    put(tmp_path, "deep", "[" * 100_000 + "]" * 100_000)
    put(tmp_path, "latin1", "").write_bytes(b'{"name": "\xe9"}')
    r = read_folder(tmp_path)
    assert [lr.file for lr in r.learners] == [f"good{rf.SUFFIX}"]
    assert r.files == 10 and len(r.problems) == 9
    text = "\n".join(lines(r))
    assert "not valid JSON" in text and "a JSON list, not a result object" in text
    assert "not a Back-Safe Leg Day result file" in text
    assert "uses result schema 2, written by a newer course" in text
    assert "the field 'name' is missing" in text
    assert "the field 'responses' should be a list, not str" in text
    assert "not UTF-8 text" in text
    assert all("\n" not in p.text for p in r.problems)


def test_answers_that_cannot_count_are_dropped_and_the_file_still_counts(tmp_path):
    at = "2026-11-28T09:00:00+00:00"
    responses = [
        {"question": "anatomy/disc-count", "kind": "quiz", "response": "5", "at": at},
        {"question": "anatomy/retired-question", "kind": "quiz", "response": "a", "at": at},
        {"question": "anatomy/disc-nerves", "kind": "quiz", "response": "no-such-option",
         "at": at},
        {"question": "anatomy/disc-nerves", "kind": "quiz", "response": {"x": 1}, "at": at},
        {"question": "anatomy/disc-count", "kind": "quiz", "response": 10 ** 400, "at": at},
        {"question": "anatomy/disc-count", "kind": "cheat", "response": "5", "at": at},
        {"question": "anatomy/disc-count", "kind": "quiz", "response": "5", "at": "soon"},
        "not an object",
    ]
    put(tmp_path, "x", result(responses=responses, course_version="0.0.9",
                              grades={"anatomy": 11}, colour="blue"))
    r = read_folder(tmp_path)
    assert len(r.learners) == 1 and len(r.learners[0].responses) == 1
    text = "\n".join(lines(r))
    assert "course version '0.0.9'" in text
    assert "score-like field(s) 'grades'" in text and "unknown field(s) 'colour'" in text
    assert "answers to questions that no longer exist were dropped: 1 (" in text
    assert "not a possible answer to their question were dropped: 3 (" in text
    assert "missing or malformed question, kind or time were dropped: 2 (" in text
    assert "answers that are not objects were dropped: 1 ('str')" in text


def test_a_huge_file_is_refused_from_its_size_without_opening_it(tmp_path, monkeypatch):
    big = tmp_path / f"big{rf.SUFFIX}"
    with open(big, "wb") as fh:
        fh.truncate(100_000_000)                   # 100 MB, sparse
    put(tmp_path, "good", result())
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: (opened.append(str(p)),
                                                        real_open(p, *a, **k))[1])
    r = read_folder(tmp_path)
    assert str(big) not in opened and len(opened) == 1
    assert lines(r) == [f"big{rf.SUFFIX}: is 100,000,000 bytes, far larger than a result "
                        f"file (at most {rf.MAX_FILE_BYTES:,}); refused unread"]
    assert len(r.learners) == 1


def test_the_same_learner_twice_counts_once_the_later_file(tmp_path):
    put(tmp_path, "a-later", result(name="Sam (new)", written="2026-11-29T10:00:00+00:00"))
    put(tmp_path, "b-earlier", result(name="Sam (old)", written="2026-11-28T10:00:00Z"))
    r = read_folder(tmp_path)
    assert [lr.name for lr in r.learners] == ["Sam (new)"]
    assert lines(r) == [f"b-earlier{rf.SUFFIX}: the same learner as a-later{rf.SUFFIX}, "
                        "which was written later and is the one counted; skipped"]


def test_links_folders_and_other_names_are_reported_not_followed(tmp_path):
    secret = tmp_path.parent / "secret.json"
    secret.write_text(json.dumps(result(learner="secret")))
    (tmp_path / f"link{rf.SUFFIX}").symlink_to(secret)
    (tmp_path / f"folder{rf.SUFFIX}").mkdir()
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / ".DS_Store").write_text("")
    put(tmp_path, "good", result())
    r = read_folder(tmp_path)
    assert [lr.learner for lr in r.learners] == ["l-1"]
    assert lines(r) == [
        "(folder): 1 other file(s) or folder(s) ignored because their names do not end in "
        f"{rf.SUFFIX} ('notes.txt')",
        f"folder{rf.SUFFIX}: is a folder, not a result file; skipped",
        f"link{rf.SUFFIX}: is a link; links are not followed, skipped"]


def test_too_many_answers_and_a_long_name(tmp_path, monkeypatch):
    from backsafe.instructor import results

    monkeypatch.setattr(results, "MAX_RESPONSES", 3)
    put(tmp_path, "many", result(learner="m", responses=[result()["responses"][0]] * 4))
    put(tmp_path, "long", result(learner="n", name="N" * 500))
    r = read_folder(tmp_path)
    assert [lr.name for lr in r.learners] == ["N" * rf.MAX_NAME_CHARS]
    text = "\n".join(lines(r))
    assert "holds 4 answers, more than the 3 a result file may hold" in text
    assert "the name was 500 characters long" in text


def test_an_empty_folder_still_gets_a_report_that_says_so(tmp_path):
    page, stats = build_report(tmp_path)
    assert stats.results.files == 0 and "No result files were found" in page
    assert "progress share" in page


@pytest.mark.parametrize("make, says", [
    (lambda p: p / "missing", "There is no folder"),
    (lambda p: (p / "f.txt", (p / "f.txt").write_text("x"))[0], "is a file, not a folder"),
])
def test_a_folder_that_is_not_one_is_one_sentence(tmp_path, make, says):
    with pytest.raises(FolderError, match=says):
        read_folder(make(tmp_path))


# -- command line ------------------------------------------------------------------

def run_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "backsafe", "class", "report", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120,
                          env=dict(os.environ, BACKSAFE_DATA_DIR=str(cwd / "data")))


def test_command_writes_the_report_to_the_default_file(tmp_path):
    out = run_cli(str(DATA), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "3 learner(s), 2 problem(s)" in out.stderr
    folder = tmp_path / "data" / "instructor"              # outside the current folder
    assert f"written to {folder / 'class-report.html'}" in out.stderr
    page = (folder / "class-report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page
    assert [p.name for p in folder.iterdir()] == ["class-report.html"]   # no temp left
    assert [p.name for p in tmp_path.iterdir()] == ["data"]


def test_command_bad_folder_and_bad_output_are_one_sentence(tmp_path):
    out = run_cli(str(tmp_path / "nope"), cwd=tmp_path)
    assert out.returncode == 1 and out.stderr.count("\n") == 1
    assert "There is no folder" in out.stderr and "Traceback" not in out.stderr
    out = run_cli(str(DATA), "-o", str(tmp_path / "no" / "r.html"), cwd=tmp_path)
    assert out.returncode == 1 and "Nothing was written" in out.stderr
    assert "Traceback" not in out.stderr
    out = run_cli(str(DATA), "-o", str(tmp_path), cwd=tmp_path)       # a folder
    assert out.returncode == 2 and "is a folder; give a file name" in out.stderr


def test_command_on_an_empty_folder_writes_a_report_and_says_so(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = run_cli(str(empty), "-o", str(tmp_path / "r.html"), cwd=tmp_path)
    assert out.returncode == 0 and "No result files" in out.stderr
    assert "No result files were found" in (tmp_path / "r.html").read_text()


# -- notebook view -----------------------------------------------------------------

def test_view_builds_the_report_for_a_folder():
    view = class_report_view(str(DATA))
    view.build.click()
    assert "3 learner(s) counted; 2 problem(s)" in view.status.value
    assert "Class results" in view.report.value and "&lt;script&gt;" in view.report.value
    assert "<html" not in view.report.value          # a fragment inside JupyterLab


@pytest.mark.parametrize("folder, says", [
    ("", "Type the folder"), ("/no/such/folder", "There is no folder")])
def test_view_says_what_is_wrong_with_the_folder(folder, says):
    view = class_report_view(folder)
    view.build.click()
    assert says in view.status.value and view.report.value == ""


def test_view_on_an_empty_folder(tmp_path):
    view = class_report_view(str(tmp_path))
    view.build.click()
    assert "No result files" in view.status.value
    assert "No result files were found" in view.report.value


# -- the learner's own file, end to end ----------------------------------------------

def test_a_shared_progress_file_is_read_back_as_the_learner_answered(tmp_path,
                                                                     fixture_forms):
    """What `progress share` writes is what the report reads: a pre-test (form A) with
    the first 2 of 8 questions right, a post-test (form B) with 6 of 8, so the report
    shows pre 25 %, post 75 %, g = (0.75 - 0.25) / (1 - 0.25) = 2/3."""
    from dataclasses import replace

    from backsafe.models.grading import grade
    from backsafe.sharing import share
    from backsafe.store import ProgressStore

    def right(q):
        if q.type == "numeric":
            return str(q.answer)
        ids = [o.id for o in q.options if o.correct]
        return ids if q.type == "multiple" else ids[0]

    def wrong(q):
        if q.type == "numeric":
            return str(q.answer + 10 * (q.tolerance or 1) + 10)
        ids = [o.id for o in q.options if not o.correct]
        return ids[:1] if q.type == "multiple" else ids[0]

    store = ProgressStore(tmp_path / "p.sqlite3")
    for kind, n_right, lesson, form in (("pre", 2, "start-here", "a"),
                                        ("post", 6, "your-plan", "b")):
        items = form_questions(form)
        responses = {qid: (right(q) if i < n_right else wrong(q))
                     for i, (qid, q) in enumerate(items)}
        grades = [grade(replace(q, id=qid), responses[qid]) for qid, q in items]
        store.record_quiz(lesson, grades, responses, kind=kind)
    folder = tmp_path / "class"
    share(store, "Sam <b>", folder)
    stats = class_statistics(read_folder(folder))
    [row] = stats.prepost
    assert row.learner.name == "Sam <b>" and not stats.results.problems
    assert (row.pre, row.post) == (0.25, 0.75) and row.gain == pytest.approx(2 / 3)
    page, _ = build_report(folder)
    assert "Sam &lt;b&gt;" in page and "Sam <b>" not in page



# -- a damaged question bank, and a report aimed at a result file ---------------------

def test_command_on_a_damaged_bank_is_one_sentence_and_writes_nothing(tmp_path):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(Path(backsafe.__file__).parent, copy / "backsafe",
                    ignore=shutil.ignore_patterns("__pycache__"))
    bank = copy / "backsafe" / "content" / "quizzes" / "anatomy.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("questions:", "questions: 7\n"
                                                             "bogus:", 1), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(copy))
    out = subprocess.run([sys.executable, "-m", "backsafe", "class", "report", str(DATA),
                          "-o", str(tmp_path / "r.html")], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=120)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("No report was made: a course content file is damaged")
    assert "anatomy.yaml" in out.stderr and out.stderr.count("\n") == 1
    assert not (tmp_path / "r.html").exists()


def test_view_on_a_damaged_bank_shows_the_sentence(monkeypatch):
    from backsafe.content import quizzes

    real = quizzes.load_yaml
    monkeypatch.setattr(quizzes, "load_yaml", lambda file: (
        {"lesson": "anatomy", "questions": 7} if "anatomy" in str(file) else real(file)))
    quizzes.load_bank.cache_clear()
    try:
        view = class_report_view(str(DATA))
        view.build.click()
    finally:
        monkeypatch.undo()
        quizzes.load_bank.cache_clear()
    assert "a course content file is damaged" in view.status.value
    assert "anatomy" in view.status.value and view.report.value == ""


@pytest.mark.parametrize("name", ["Sam" + rf.SUFFIX, "sam-result.json"])
def test_command_never_overwrites_a_learners_result_file(tmp_path, name):
    folder = tmp_path / "class"
    folder.mkdir()
    target = put(folder, "Sam", result())
    if not name.endswith(rf.SUFFIX):
        target = target.rename(folder / name)
    before = target.read_bytes()
    out = run_cli(str(folder), "-o", str(target), cwd=tmp_path)
    assert out.returncode == 1 and "is a learner's result file" in out.stderr
    assert out.stderr.count("\n") == 1 and target.read_bytes() == before


# -- files written before issue 21 (question ids and the pre/post-test changed) -----

OLD_FILE = Path(__file__).parent / "data" / "old-olga-before-issue21.bsld-result.json"


def test_a_result_file_written_before_issue_21_still_loads(tmp_path):
    """Made by tests/data/make_old_result_before_issue21.py with the code before the
    change: lesson quizzes, a review, a final assessment on bank questions, and the
    old pre/post-test."""
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / OLD_FILE.name).write_bytes(OLD_FILE.read_bytes())
    stats = class_statistics(read_folder(folder))
    [olga] = stats.results.learners
    assert olga.name == "Old Olga" and olga.completed == {"anatomy", "causes-and-form",
                                                          "core"}
    took_part = {s.lesson for s in stats.lessons if s.participants}
    assert {"anatomy", "causes-and-form", "core"} <= took_part
    assert stats.old_prepost == 1 and stats.prepost == ()
    # the banks renamed strongest-predictor and retired mri-bulge since
    keys = {f"{r.lesson}/{r.question}" for r in olga.responses}
    assert "causes-and-form/predictor-of-injury" in keys
    assert "causes-and-form/strongest-predictor" not in keys and "anatomy/mri-bulge" not in keys
    assert any("retired questions were kept out of the scores" in p.line()
               for p in stats.results.problems)
    page, _ = build_report(folder)
    assert "Old Olga" in page and "earlier version of the pre- or post-test" in page


def test_renamed_and_retired_ids_in_an_old_file_keep_their_meaning(tmp_path, monkeypatch):
    """A bank that renames a question (history carries over) and retires another
    (kept out of the scores, said in the report)."""
    import backsafe.content.question_ids as ids

    data = json.loads(OLD_FILE.read_text())
    [first, second] = [r["question"] for r in data["responses"] if r["kind"] == "quiz"][:2]
    lesson = first.partition("/")[0]
    renamed = f"{lesson}/renamed-{first.partition('/')[2]}"
    real = ids.course_questions()
    questions = {renamed if k == first else k: v for k, v in real.items() if k != second}
    monkeypatch.setattr(ids, "key_changes", lambda: {first: renamed, second: None})
    folder = tmp_path / "renamed"
    folder.mkdir()
    put(folder, "olga", data)
    results = read_folder(folder, questions)
    [olga] = results.learners
    keys = {f"{r.lesson}/{r.question}" for r in olga.responses}
    assert renamed in keys and first not in keys and second not in keys
    retired = sum(r["question"] == second for r in data["responses"])
    assert any(f"retired questions were kept out of the scores: {retired} (" in p.line()
               for p in results.problems)


def test_the_final_assessment_gets_item_statistics_of_its_own(tmp_path, fixture_final):
    """Two learners: Ana gets case-1 right and case-2 wrong, Ben the other way round,
    and Ben's later answer to case-1 (right) replaces his first (wrong)."""
    from backsafe.content.final_assessment import final_questions

    (k1, q1), (k2, q2) = final_questions()[:2]
    answers = {"Ana": [(k1, q1, True, "10"), (k2, q2, False, "10")],
               "Ben": [(k1, q1, False, "10"), (k2, q2, True, "10"), (k1, q1, True, "11")]}
    for n, (name, given) in enumerate(answers.items()):
        put(tmp_path, name.lower(), result(
            learner=f"l-{n}", name=name, responses=[
                {"question": key, "kind": "final", "response": right_or_wrong(q, right),
                 "at": f"2026-12-01T{hour}:00:00+00:00"} for key, q, right, hour in given]))
    stats = class_statistics(read_folder(tmp_path))
    final = stats.final
    assert final.lesson == "final-assessment" and final.participants == (0, 1)
    items = {i.question.id: i for i in final.items}
    assert items["case-1"].difficulty == 1.0 and items["case-2"].difficulty == 0.5
    assert items["case-3"].answered == 0
    page = report_body(stats)
    assert "Final assessment (lesson 07)" in page


def test_short_check_answers_count_where_the_quiz_was_not_taken(tmp_path):
    from backsafe.content.quizzes import load_bank

    bank = load_bank("anatomy")
    first, second = [q for q in bank.questions if q.check == 1][:2]
    right = {q.id: right_or_wrong(q, True) if q.options else q.answer
             for q in (first, second)}
    wrong = right_or_wrong(second, False)
    at = "2026-12-01T{}:00:00+00:00"
    responses = [  # the check only for the first; the quiz corrects the second
        {"question": f"anatomy/{first.id}", "kind": "check", "at": at.format("09"),
         "response": right[first.id]},
        {"question": f"anatomy/{second.id}", "kind": "check", "at": at.format("09"),
         "response": wrong},
        {"question": f"anatomy/{second.id}", "kind": "quiz", "at": at.format("10"),
         "response": right[second.id]}]
    folder = tmp_path / "checks"
    folder.mkdir()
    put(folder, "ana", result(name="Ana", responses=responses))
    stats = class_statistics(read_folder(folder))
    anatomy = next(s for s in stats.lessons if s.lesson == "anatomy")
    assert anatomy.participants == (0,)
    assert anatomy.scores[0] == pytest.approx(2 / len(bank.questions))
