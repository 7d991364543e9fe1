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
from backsafe.instructor.class_report import build_report, class_statistics
from backsafe.instructor.results import FolderError, read_folder
from backsafe.widgets.class_report import class_report_view

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


def test_three_learners_pre_post_gain_by_hand(three):
    rows = {r.learner.name: r for r in three.prepost}
    # pre / post (share correct of 2 questions each):
    #   Ana 1/2 -> 2/2: g = (1 - .5) / (1 - .5) = 1.0
    #   Ben 0/2 -> 1/2: g = .5 / 1 = 0.5
    #   Mallory 2/2 -> 1/2: g undefined (pre-test 100%)
    assert (rows["Ana"].pre, rows["Ana"].post, rows["Ana"].gain) == (0.5, 1.0, 1.0)
    assert (rows["Ben"].pre, rows["Ben"].post, rows["Ben"].gain) == (0.0, 0.5, 0.5)
    assert rows[HOSTILE_NAME].pre == 1.0 and rows[HOSTILE_NAME].gain is None
    # class: mean pre .5, mean post 2/3, g of the means (2/3 - .5)/.5 = 1/3;
    # mean of the two defined gains (1.0 + 0.5) / 2 = 0.75
    g = three.gain
    assert g.learners == 3 and g.mean_pre == pytest.approx(0.5)
    assert g.mean_post == pytest.approx(2 / 3)
    assert g.gain_of_means == pytest.approx(1 / 3)
    assert g.mean_of_gains == pytest.approx(0.75) and g.gains_defined == 2


def test_report_html_shows_the_hand_checked_numbers_escaped():
    page, _ = build_report(DATA)
    assert "<title>Class results" in page and '<html lang="en">' in page
    assert HOSTILE_NAME not in page and "&lt;script&gt;window.__pwned=1" in page
    assert "<img" not in page.replace('<img src="data:image/svg+xml;base64,', "")
    for text in ("3 of 3", "24%", "33%", "1.00", "-0.76", "0.33 (of the averages)",
                 "0.75 (mean of 2 individual gains)",
                 # the misconception behind a wrong option, from the bank's feedback
                 "Only the soft nucleus at the centre", "The healthy nucleus has neither nerves"):
        assert text in page, text
    assert "undefined: nobody answered it" in page and "NaN" not in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_figures_are_svg_with_descriptions_and_no_learner_text():
    page, _ = build_report(DATA)
    pictures = svgs(page)
    assert len(pictures) == 3
    for svg in pictures:
        assert "<svg" in svg and "script" not in svg.lower()
        assert "Ana" not in svg and "Ben" not in svg and "pwned" not in svg
    alts = re.findall(r'alt="([^"]+)"', page)
    assert any("anatomy: 3 learner(s), mean 24%, median 18%, lowest 18%, highest 36%"
               in a for a in alts)
    assert any("anatomy: Q1 67% (2 of 3), Q2 33% (1 of 3)" in a for a in alts)
    assert any("Learner 1: pre 50%, post 100%." in a for a in alts)


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
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_command_writes_the_report_to_the_default_file(tmp_path):
    out = run_cli(str(DATA), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "3 learner(s), 2 problem(s)" in out.stderr
    page = (tmp_path / "class-report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page
    assert [p.name for p in tmp_path.iterdir()] == ["class-report.html"]   # no temp left


def test_command_bad_folder_and_bad_output_are_one_sentence(tmp_path):
    out = run_cli(str(tmp_path / "nope"), cwd=tmp_path)
    assert out.returncode == 1 and out.stderr.count("\n") == 1
    assert "There is no folder" in out.stderr and "Traceback" not in out.stderr
    out = run_cli(str(DATA), "-o", str(tmp_path / "no" / "r.html"), cwd=tmp_path)
    assert out.returncode == 1 and "Nothing was written" in out.stderr
    assert "Traceback" not in out.stderr


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

def test_a_shared_progress_file_is_read_back_as_the_learner_answered(tmp_path):
    """What `progress share` writes is what the report reads: a pre-test with the
    first 2 of 8 questions right, a post-test with 6 of 8, so the report shows
    pre 25 %, post 75 %, g = (0.75 - 0.25) / (1 - 0.25) = 2/3."""
    from dataclasses import replace

    from backsafe.content.pre_post import pre_post_questions
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
    items = pre_post_questions()
    for kind, n_right, lesson in (("pre", 2, "start-here"), ("post", 6, "your-plan")):
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

