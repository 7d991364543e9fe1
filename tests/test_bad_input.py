"""Hostile and broken input: typed answers, content files, stored data, the command
line and notebook calls. Each gives one plain sentence, never a traceback, a hang
or a lost attempt."""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest
from IPython.core.interactiveshell import InteractiveShell

from backsafe.content import catalogue, loader
from backsafe.content.loader import ContentError, parse_yaml
from backsafe.content.quizzes import load_bank, parse_bank, parse_bank_bytes
from backsafe.content.references import parse_references, references
from backsafe.models.grading import MAX_ANSWER_CHARS, grade, parse_number
from backsafe import trunk_endurance_explorer
from backsafe.models import InputError
from backsafe.models.training_load import session_load, week_table
from backsafe.store import FILENAME, ProgressStore, StoreUnavailable, reset_file

from .helpers import dump, find


def numeric_question():
    return next(q for q in load_bank("causes-and-form").questions if q.type == "numeric")


def one_sentence(text: str) -> bool:
    return "\n" not in text.strip() and "Traceback" not in text and "[Errno" not in text


# -- typed answers -------------------------------------------------------------------

def test_number_parsing_is_linear_in_the_length_of_the_text():
    start = time.perf_counter()
    assert parse_number("1x" + " " * 64_000 + "y") == (1.0, "x" + " " * 64_000 + "y")
    assert time.perf_counter() - start < 0.05


def test_a_very_long_answer_is_refused_in_one_sentence_and_fast():
    q = numeric_question()
    start = time.perf_counter()
    result = grade(q, "1x" + " " * 64_000 + "y")
    assert time.perf_counter() - start < 0.05
    assert not result.answered and "characters long" in result.message
    assert one_sentence(result.message) and len(result.message) < 200


def test_a_long_non_number_is_echoed_as_a_short_prefix():
    result = grade(numeric_question(), "z" * (MAX_ANSWER_CHARS - 5))
    assert "is not a number" in result.message and len(result.message) < 200


@pytest.mark.parametrize("text", ["1e309", "inf", "-Infinity", "+INF"])
def test_infinite_numbers_are_too_large_not_unreadable(text):
    result = grade(numeric_question(), text)
    assert not result.answered and "too large" in result.message


def test_a_unicode_minus_is_a_minus():
    assert parse_number("\u2212294 N·m") == (-294.0, "N·m")


def test_the_quiz_stores_only_a_prefix_of_a_huge_answer(tmp_path):
    from backsafe import quiz_widget

    store = ProgressStore(tmp_path / FILENAME)
    quiz = quiz_widget("causes-and-form", store=store)
    view = next(v for v in quiz.views if v.question.type == "numeric")
    first = next(v for v in quiz.views if v.question.type == "single")
    first.control.value = first.control.options[0][1]
    view.control.value = "9" * 1_000_000
    find(quiz, "bsld-check")[0].click()
    assert len(view.feedback.value) < 2_000 and "characters long" in view.feedback.value
    with sqlite3.connect(store.path) as db:
        longest = db.execute("SELECT MAX(LENGTH(response)) FROM attempts").fetchone()[0]
    assert longest <= MAX_ANSWER_CHARS + 2


# -- content files ---------------------------------------------------------------------

def bank(question):
    return {"lesson": "x", "questions": [question]}


def tf(**changes):
    q = {"id": "q1", "type": "true_false", "prompt": "P?", "answer": True,
         "feedback": {"true": "Yes.", "false": "No."}, "explanation": "E.",
         "references": ["wilke1999"]}
    q.update(changes)
    return q


@pytest.mark.parametrize("question, where", [
    (tf(feedback={"true": "Yes [@ghost].", "false": "No."}), "feedback.true"),
    ({"id": "q1", "type": "single", "prompt": "P?", "explanation": "E.",
      "references": ["wilke1999"],
      "options": [{"id": "a", "text": "A", "correct": True, "feedback": "Yes."},
                  {"id": "b", "text": "B", "correct": False, "feedback": "See [@ghost]."}]},
     "options[2].feedback"),
    ({"id": "q1", "type": "numeric", "prompt": "P?", "explanation": "E.",
      "references": ["wilke1999"], "answer": 5, "tolerance": 1,
      "feedback": {"correct": "Yes.", "too_low": "Low [@ghost].", "too_high": "High."}},
     "feedback.too_low"),
])
def test_an_unknown_citation_in_any_feedback_is_refused_at_load(question, where):
    with pytest.raises(ContentError) as info:
        parse_bank(bank(question), "quizzes/x.yaml", known_refs=references())
    assert "unknown reference key 'ghost'" in str(info.value) and where in str(info.value)


def test_a_non_text_reference_entry_is_refused():
    with pytest.raises(ContentError, match="reference key written as text"):
        parse_bank(bank(tf(references=[["wilke1999"]])), "quizzes/x.yaml",
                   known_refs=references())


@pytest.mark.parametrize("text, problem", [
    ("tolerance: .nan", ".nan is not a usable number"),
    ("tolerance: .inf", ".inf is not a usable number"),
    ("answer: 5\n    answer: 7", "the key 'answer' appears twice"),
])
def test_non_finite_numbers_and_repeated_keys_are_refused(text, problem):
    text = text.replace("\n    ", "\n" + " " * 4)
    raw = ("lesson: x\nquestions:\n  - id: q1\n    type: numeric\n    prompt: \"P?\"\n"
           f"    {text}\n    explanation: \"E.\"\n    references: [wilke1999]\n").encode()
    with pytest.raises(ContentError, match=problem):
        parse_bank_bytes(raw, "quizzes/x.yaml")


def test_a_reference_key_outside_the_id_format_is_refused():
    data = {"references": [{"key": 'x" onmouseover="alert(1)', "authors": "A B",
                            "year": 2000, "title": "T", "source": "S"}]}
    with pytest.raises(ContentError, match="lower-case letters"):
        parse_references(data, "references/x.yaml")


def test_an_unknown_key_in_the_catalogue_is_refused(monkeypatch):
    real = loader.load_yaml("lessons.yaml")
    real["lessons"][1]["references"] = real["lessons"][1]["references"] + ["ghost2099"]
    monkeypatch.setattr(catalogue, "load_yaml", lambda name: real)
    catalogue.lessons.cache_clear()
    try:
        with pytest.raises(ContentError, match="unknown reference key 'ghost2099'"):
            catalogue.lessons()
    finally:
        catalogue.lessons.cache_clear()


def refused_fast(raw: bytes, match: str, seconds: float = 0.5, megabytes: float = 5.0):
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ContentError, match=match):
            parse_yaml(raw, "quizzes/x.yaml")
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < seconds, elapsed
    assert peak < megabytes * 1e6, peak


def test_a_huge_file_is_refused_at_once():
    question = dump(bank(tf()))[len(b"lesson: x\nquestions:\n"):]
    raw = b"lesson: x\nquestions:\n" + question * (50_000_000 // len(question))
    refused_fast(raw, "larger than 2 MB", megabytes=1.0)


def test_loading_a_huge_file_does_not_read_it_whole(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(50_000_000)
    monkeypatch.setattr(loader.resources, "files", lambda pkg: tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises(ContentError, match="larger than 2 MB"):
            loader.load_yaml("big.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10e6


def test_billion_laughs_is_refused_at_once():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        prev, cur = chr(96 + n), chr(97 + n)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    refused_fast("\n".join(lines).encode(), "anchors and aliases")


def test_a_megabyte_text_field_is_refused():
    refused_fast(dump(bank(tf(prompt="x" * 1_500_000))), "at most 20,000",
                 seconds=1.0, megabytes=40)


def test_a_bank_with_thousands_of_questions_is_refused():
    questions = [tf(id=f"q{n}") for n in range(5_000)]
    with pytest.raises(ContentError, match="at most 100"):
        parse_bank({"lesson": "x", "questions": questions}, "quizzes/x.yaml")


def test_a_failing_feedback_still_saves_and_says_so_in_one_sentence(tmp_path, monkeypatch):
    from backsafe import quiz_widget

    store = ProgressStore(tmp_path / FILENAME)
    quiz = quiz_widget("start-here", store=store)
    view = quiz.views[0]
    view.control.value = view.control.options[0][1]
    monkeypatch.setattr(type(view), "show", lambda self, g: 1 / 0)
    find(quiz, "bsld-check")[0].click()
    assert "could not be shown" in view.feedback.value
    assert "Score:" in find(quiz, "bsld-score")[0].value
    assert store.attempt_count() == 1


# -- stored data -------------------------------------------------------------------------

def g(qid, correct):
    return SimpleNamespace(question_id=qid, correct=correct, answered=True,
                           score=float(correct))


def run_cli(*args, data_dir):
    env = dict(os.environ, BACKSAFE_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "backsafe", *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_an_unreadable_stored_answer_does_not_block_the_export(tmp_path):
    store = ProgressStore(tmp_path / FILENAME)
    store.record_quiz("anatomy", [g("a", True), g("b", False)], {"a": "x", "b": "y"})
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE attempts SET response='{not json' WHERE question='a'")
    out = run_cli("progress", "export", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [a["question"] for a in data["attempts"]] == ["b"]
    assert data["unreadable_rows"] == 1
    assert "1 saved answer(s) could not be read" in out.stderr and one_sentence(out.stderr)
    assert store.attempt_count() == 2                     # kept in the file


@pytest.mark.parametrize("key, value", [
    ("safety", {"not": "a list"}), ("safety", [1, 2]), ("self-check", ["a", "b"]),
    ("self-check", {"pain": {"deep": 1}})])
def test_saved_lesson_00_answers_of_an_odd_shape_are_not_filled_in(tmp_path, key, value):
    from backsafe.widgets.start_here import safety_screen, self_check

    store = ProgressStore(tmp_path / FILENAME)
    store.save_answers("start-here", key, value)
    widget = (safety_screen if key == "safety" else self_check)(store=store)
    messages = " ".join(m.value for m in find(widget, "bsld-message"))
    assert "could not be read" in messages
    assert store.load_answers("start-here", key) == value          # still kept


@pytest.mark.parametrize("mark", ["abc", "1.5", ""])
def test_an_unreadable_version_mark_is_one_sentence_everywhere(tmp_path, mark):
    from backsafe import quiz_widget

    ProgressStore(tmp_path / FILENAME)
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (mark,))
    os.environ["BACKSAFE_DATA_DIR"], saved = str(tmp_path), os.environ["BACKSAFE_DATA_DIR"]
    try:
        status = find(quiz_widget("start-here"), "bsld-store-status")[0].value
    finally:
        os.environ["BACKSAFE_DATA_DIR"] = saved
    assert "version mark" in status and "The quiz still works." in status
    for args in (("progress", "export"), ("progress", "reset")):
        out = run_cli(*args, data_dir=tmp_path)
        assert out.returncode in (1, 2) and one_sentence(out.stderr), out.stderr
    out = run_cli("progress", "reset", "--yes", data_dir=tmp_path)
    assert out.returncode == 0 and "kept in" in out.stdout


# -- the command line ---------------------------------------------------------------------

def test_export_refuses_to_overwrite_the_progress_file(tmp_path):
    ProgressStore(tmp_path / FILENAME).record_quiz("anatomy", [g("a", True)], {"a": "x"})
    before = (tmp_path / FILENAME).read_bytes()
    out = run_cli("progress", "export", "-o", str(tmp_path / FILENAME), data_dir=tmp_path)
    assert out.returncode == 1 and "is the progress file itself" in out.stderr
    assert (tmp_path / FILENAME).read_bytes() == before


def test_a_failed_export_leaves_no_partial_file(tmp_path):
    from backsafe.files import WriteFailed, write_atomically

    target = tmp_path / "export.json"
    target.write_text("the previous export")

    def full_disk(fh):
        fh.write("{" * 1000)
        raise OSError(28, "No space left on device")
    with pytest.raises(WriteFailed) as info:
        write_atomically(target, full_disk)
    assert "no space left on device" in str(info.value) and one_sentence(str(info.value))
    assert target.read_text() == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]


def test_export_into_a_missing_folder_is_one_sentence(tmp_path):
    ProgressStore(tmp_path / FILENAME)
    out = run_cli("progress", "export", "-o", str(tmp_path / "no" / "x.json"),
                  data_dir=tmp_path)
    assert out.returncode == 1 and one_sentence(out.stderr)
    assert out.stderr.startswith("Nothing was written")


def test_reset_is_all_or_nothing(tmp_path, monkeypatch):
    path = tmp_path / FILENAME
    ProgressStore(path).record_quiz("anatomy", [g("a", True)], {"a": "x"})

    def cannot_create(self, *args, **kwargs):
        raise StoreUnavailable("Progress is not being saved: the disk is full.")
    monkeypatch.setattr(ProgressStore, "__init__", cannot_create)
    with pytest.raises(StoreUnavailable) as info:
        reset_file(path)
    monkeypatch.undo()
    assert "Progress was not reset" in str(info.value) and str(path) in str(info.value)
    assert ProgressStore(path).attempt_count() == 1
    assert [p.name for p in tmp_path.iterdir()] == [FILENAME]


def test_commands_that_change_nothing_leave_a_damaged_file_alone(tmp_path):
    garbage = b"not a database at all" * 50
    (tmp_path / FILENAME).write_bytes(garbage)
    for args in (("progress", "where"), ("progress", "reset"), ("progress", "export")):
        out = run_cli(*args, data_dir=tmp_path)
        assert one_sentence(out.stderr), out.stderr
        assert [p.name for p in tmp_path.iterdir()] == [FILENAME]
        assert (tmp_path / FILENAME).read_bytes() == garbage
    assert "damaged" in out.stderr


def test_a_folder_in_place_of_the_progress_file_is_named(tmp_path):
    (tmp_path / FILENAME).mkdir()
    with pytest.raises(StoreUnavailable, match="is a folder, not a progress file"):
        ProgressStore(tmp_path / FILENAME)
    out = run_cli("progress", "reset", "--yes", data_dir=tmp_path)
    assert out.returncode == 1 and one_sentence(out.stderr)


# -- notebook calls --------------------------------------------------------------------------

@pytest.fixture
def shell():
    from backsafe.friendly_errors import install

    shell = InteractiveShell.instance()
    install()              # a kernel installs it on its first `from backsafe import ...`
    yield shell
    shell.set_custom_exc((), None)
    shell._bsld_friendly_errors = False
    InteractiveShell.clear_instance()


@pytest.mark.parametrize("call, says", [
    ("load_explorer(body_mass=0)", "Body mass must be between 40 and 160 kg"),
    ("load_explorer(bar_mass=-20)", "Bar mass must be between 0 and 300 kg"),
    ("load_explorer(trunk_angle=91)", "Trunk angle must be between 0 and 90"),
    ("load_explorer(trunk_angle=float('nan'))", "not nan"),
    ("at_a_glance('anatomyy')", "no lesson called 'anatomyy'. Lessons: start-here"),
    ("quiz_widget('anatomyy')", "no lesson called 'anatomyy'. Lessons: start-here"),
    ("anatomy_explorer('lumbar-disc')", "no structure 'lumbar-disc'. Structures:"),
])
def test_a_bad_notebook_call_shows_one_plain_sentence(shell, capsys, call, says):
    name = call.split("(")[0]
    result = shell.run_cell(f"from backsafe import {name}\n{call}")
    out = capsys.readouterr()
    text = out.out + out.err
    assert result.error_in_exec is not None                # the cell still fails
    assert says in text, text
    assert "Traceback" not in text and "File " not in text and "Warning" not in text
    assert len([line for line in text.splitlines() if line.strip()]) == 1, text


def output_with_mode(path: Path, mode: int, code: str) -> str:
    """What `code` prints in a fresh interpreter that finds this course, run while
    `path` has permissions `mode` (its own are put back after)."""
    kept = path.stat().st_mode & 0o777
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    os.chmod(path, mode)
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, timeout=60)
    finally:
        os.chmod(path, kept)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_a_read_only_progress_file_is_blamed_on_the_file_not_its_folder():
    folder = Path(tempfile.mkdtemp(prefix="backsafe-rofile-"))
    path = folder / FILENAME
    ProgressStore(path).record_quiz("core", [g("a", True)], {"a": 1})
    code = textwrap.dedent(f"""
        import os
        from backsafe.store import ProgressStore, StoreUnavailable
        from types import SimpleNamespace
        import tempfile, platformdirs, copy
        warm = ProgressStore(os.path.join(tempfile.mkdtemp(), "warm.sqlite3"))
        warm.record_quiz("core", [SimpleNamespace(question_id="w", correct=True,
                         answered=True, score=1.0)], {{"w": 1}})   # every import done
        if os.getuid() == 0:    # root ignores permissions: drop them
            os.setgroups([])
            os.chown({str(folder)!r}, 65534, 65534)
            os.chown({str(path)!r}, 65534, 65534)
            os.setgid(65534); os.setuid(65534)
        try:
            answer = SimpleNamespace(question_id="b", correct=True, answered=True,
                                     score=1.0)
            ProgressStore({str(path)!r}).record_quiz("core", [answer], {{"b": 2}})
        except StoreUnavailable as exc:
            print(exc)
    """)
    said = output_with_mode(path, 0o444, code)
    assert "progress file" in said and "chmod u+rw" in said
    assert "cannot be written to" not in said and one_sentence(said)
    assert ProgressStore(path).attempt_count() == 1


def test_a_read_only_folder_is_announced_when_the_quiz_is_built():
    folder = Path(tempfile.mkdtemp(prefix="backsafe-ro-"))
    ProgressStore(folder / FILENAME)
    code = textwrap.dedent(f"""
        import os
        os.environ["BACKSAFE_DATA_DIR"] = {str(folder)!r}
        from backsafe.content.quizzes import load_bank
        from backsafe.widgets.quiz import quiz_widget
        load_bank("start-here")   # read the package before giving up root's access
        if os.getuid() == 0:    # root ignores permissions: drop them (after imports)
            os.setgid(65534); os.setuid(65534)
        quiz = quiz_widget("start-here")
        print(quiz.recorder.status.value)
    """)
    said = output_with_mode(folder, 0o555, code)
    assert "Progress is not being saved" in said and "cannot be written" in said


# -- paths that cannot name a file ----------------------------------------------------

@pytest.mark.parametrize("args", [
    ("progress", "export", "-o", "~nosuchuser-bsld/x.json"),
    ("progress", "share", "--name", "Sam", "-o", "~nosuchuser-bsld/r.json"),
    ("instructor", "answer-key", "-o", "~nosuchuser-bsld/key.html"),
    ("class", "report", "~nosuchuser-bsld/results"),
])
def test_a_home_folder_that_does_not_exist_is_one_sentence_on_the_command_line(
        tmp_path, args):
    ProgressStore(tmp_path / FILENAME)
    out = run_cli(*args, data_dir=tmp_path)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr and "is not a home folder" in out.stderr
    assert one_sentence(out.stderr)


@pytest.mark.parametrize("folder", ["~nosuchuser-bsld/cards", "cards\0here"])
def test_a_card_folder_that_cannot_be_used_is_one_sentence(tmp_path, monkeypatch, folder):
    from backsafe.widgets.warm_up_builder import WarmUpBuilder

    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path))
    builder = WarmUpBuilder(store=None)
    builder.folder.value = folder
    builder.save.click()
    status = builder.save_status.value
    assert "could not be saved" in status and "Traceback" not in status


# -- what a learner may type in a lesson's code cell -----------------------------------

@pytest.mark.parametrize("call, words", [
    (lambda: week_table(["300 AU", 0, 450, 0, 600, 0, 0]), "must be a number of AU"),
    (lambda: week_table([300, 1e308, 1e308, 0, 600, 0, 0]), "cannot be more than 14,400"),
    (lambda: session_load(minutes=10**400, rpe=5), "must be a number of minutes"),
    (lambda: trunk_endurance_explorer(times=[100, 120, 60, 62], store=None),
     "must name each hold"),
    (lambda: trunk_endurance_explorer(times={"flexr": 90}, store=None), "no hold 'flexr'"),
])
def test_odd_arguments_in_a_code_cell_are_one_sentence(call, words):
    with pytest.raises(InputError) as info:
        call()
    assert words in str(info.value) and one_sentence(str(info.value))
    assert len(str(info.value)) < 300


def test_a_folder_given_as_a_path_is_accepted(tmp_path):
    from backsafe import plan_explorer, warm_up_explorer

    for make in (warm_up_explorer, plan_explorer):
        assert str(tmp_path) in text_values(make(folder=tmp_path, store=None))


def text_values(widget) -> list[str]:
    """The value of every text box in a widget tree."""
    found = [widget.value] if type(widget).__name__ == "Text" else []
    for child in getattr(widget, "children", ()):
        found += text_values(child)
    return found
