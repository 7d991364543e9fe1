"""The result file a learner shares: what it holds, what it never holds, the name
check, the command and the lesson-07 button."""
import base64
import json
import re
from types import SimpleNamespace

import pytest

import backsafe.sharing as sharing
from backsafe import result_format as fmt
from backsafe.cli import main
from backsafe.models import InputError
from backsafe.sharing import (NEVER_SHARED, build_result, check_name, file_name, result_text,
                            share)
from backsafe.store import ENV_VAR, FILENAME, KINDS, ProgressStore
from backsafe.widgets.share import share_results_check

PRIVATE = ("PRIVATE-SAFETY-ANSWER", "PRIVATE-SELF-CHECK", "PRIVATE-PLAN", "PRIVATE-NORMS",
           "PRIVATE-TRAINING-NOTE", "2031-02-03", "123.456", "77.25")


def g(qid, correct):
    return SimpleNamespace(question_id=qid, correct=correct, answered=True,
                           score=float(correct))


def fill(store: ProgressStore) -> None:
    """Quizzes of every kind, and every kind of private answer a learner can keep."""
    for n, kind in enumerate(KINDS):
        store.record_quiz("anatomy", [g("disc-nerves", n % 2 == 0), g("disc-count", True)],
                          {"disc-nerves": f"answer-{kind}", "disc-count": "5"},
                          complete=kind == "quiz", kind=kind)
    store.record_quiz("your-plan", [g("core/side-ratio", False)],
                      {"core/side-ratio": "1.10"}, kind="final")
    store.save_answers("start-here", "safety", {"bladder": "PRIVATE-SAFETY-ANSWER"})
    store.save_answers("start-here", "self-check", {"lifts": ["PRIVATE-SELF-CHECK"]})
    store.save_answers("warm-up", "plan", {"lift": "PRIVATE-PLAN"})
    store.save_trunk_test({"flexor": 123.456, "extensor": 90, "side_right": 60,
                           "side_left": 58}, norms="PRIVATE-NORMS", tested_on="2031-02-03")
    store.add_session("2031-02-03", 77.25, 7, "PRIVATE-TRAINING-NOTE")


@pytest.fixture
def store(tmp_path):
    s = ProgressStore(tmp_path / FILENAME)
    fill(s)
    return s


def test_the_file_holds_quiz_answers_and_completion_and_nothing_private(store, tmp_path):
    path = share(store, "Sam", tmp_path / "out")
    raw = path.read_bytes()
    for secret in PRIVATE:
        assert secret.encode() not in raw, secret
    data = json.loads(raw)
    assert tuple(data) == fmt.FIELDS
    assert (data["format"], data["schema"], data["name"]) == (fmt.FORMAT, fmt.SCHEMA, "Sam")
    assert data["learner"] == store.learner_id() and len(data["learner"]) == 32
    assert data["lessons"]["anatomy"] == {"complete": True}
    assert data["lessons"]["start-here"] == {"complete": False}
    # every kind of answer but predictions, which never leave the learner's machine
    assert {r["kind"] for r in data["responses"]} == set(KINDS) - {"predict"}
    assert b"answer-predict" not in raw
    assert len(data["responses"]) == 2 * (len(KINDS) - 1) + 1
    for r in data["responses"]:
        assert tuple(r) == fmt.RESPONSE_FIELDS
        assert re.fullmatch(r"[a-z-]+/[a-z0-9-]+", r["question"])
    assert {"question": "core/side-ratio", "kind": "final", "response": "1.10"} == {
        k: v for k, v in data["responses"][-1].items() if k != "at"}
    assert "score" not in raw.decode() and "correct" not in raw.decode()
    assert path.name == "Sam" + fmt.SUFFIX and len(raw) < fmt.MAX_FILE_BYTES


def test_sharing_again_keeps_the_learner_and_replaces_the_file(store, tmp_path):
    first = json.loads(share(store, "Sam", tmp_path).read_text())
    again = share(store, " Sam ", tmp_path)
    assert json.loads(again.read_text())["learner"] == first["learner"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(fmt.SUFFIX)) == \
        ["Sam" + fmt.SUFFIX]


@pytest.mark.parametrize("name, words", [
    ("", "Type a name"), ("   ", "Type a name"), (None, "Type a name"),
    ("x" * 41, "41 characters long"), ("Sam\nSmith", "control characters"),
    ("Sam\tS", "control characters"), ("Sam\x00", "control characters"),
    ("Sam\u202eevil", "control characters"),
])
def test_bad_names_get_one_sentence(name, words):
    with pytest.raises(InputError) as info:
        check_name(name)
    text = str(info.value)
    assert words in text and text.count(". ") == 0 and text.endswith(".")


def test_good_names_are_kept_as_typed_and_make_safe_file_names():
    assert check_name("  Zoë  ") == "Zoë" and check_name("x" * 40) == "x" * 40
    assert file_name("Zoë B.") == "Zoe-B" + fmt.SUFFIX
    assert file_name("../../etc/passwd") == "etc-passwd" + fmt.SUFFIX
    assert file_name("<script>") == "script" + fmt.SUFFIX
    assert file_name("李雷") == "learner" + fmt.SUFFIX
    assert file_name("CON") == "CON-learner" + fmt.SUFFIX


def test_a_result_too_large_for_the_class_report_is_refused(store):
    result = build_result(store, "Sam")
    result["responses"] = result["responses"] * 1_500
    with pytest.raises(InputError, match="larger than the class report reads"):
        result_text(result)


# -- the command ------------------------------------------------------------------

@pytest.fixture
def home(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv(ENV_VAR, str(data))
    monkeypatch.chdir(tmp_path)
    return data


def test_cli_writes_the_file_in_the_data_folder_by_default(home, tmp_path, capsys):
    fill(ProgressStore(home / FILENAME))
    assert main(["progress", "share", "--name", "Sam"]) == 0
    err = capsys.readouterr().err
    written = home / "results" / ("Sam" + fmt.SUFFIX)
    assert not (tmp_path / ("Sam" + fmt.SUFFIX)).exists()      # not in the cwd
    assert f"Wrote {written}" in err and NEVER_SHARED in err
    data = json.loads(written.read_text())
    assert data["learner"] == ProgressStore(home / FILENAME).learner_id(create=False)
    assert main(["progress", "share", "--name", "Sam", "-o", str(tmp_path / "r.json")]) == 0
    assert "reads only files whose names end in" in capsys.readouterr().err
    (tmp_path / "class").mkdir()
    assert main(["progress", "share", "--name", "Ann", "-o", str(tmp_path / "class")]) == 0
    assert (tmp_path / "class" / ("Ann" + fmt.SUFFIX)).is_file()
    assert main(["progress", "share", "--name", "Bo", "-o", "new/folder/"]) == 0
    assert (tmp_path / "new" / "folder" / ("Bo" + fmt.SUFFIX)).is_file()


@pytest.mark.parametrize("argv", [[], ["--name", ""], ["--name", "a\nb"],
                                  ["--name", "x" * 41]])
def test_cli_without_a_usable_name_exits_2_with_one_sentence(home, argv, capsys):
    fill(ProgressStore(home / FILENAME))
    assert main(["progress", "share", *argv]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.count(". ") == 0 and err.endswith(".")
    assert "--name" in err and "Traceback" not in err
    assert not list(home.parent.glob("*" + fmt.SUFFIX))


def test_cli_with_no_progress_or_a_bad_target_exits_1(home, tmp_path, capsys):
    assert main(["progress", "share", "--name", "Sam"]) == 1
    assert "no progress file" in capsys.readouterr().err
    fill(ProgressStore(home / FILENAME))
    assert main(["progress", "share", "--name", "Sam", "-o", str(home / FILENAME)]) == 1
    assert "is the progress file itself" in capsys.readouterr().err
    assert main(["progress", "share", "--name", "Sam", "-o",
                 str(tmp_path / "missing" / "r.json")]) == 1
    assert "Nothing was written" in capsys.readouterr().err
    (tmp_path / "a-file").write_text("x")
    assert main(["progress", "share", "--name", "Sam", "-o", str(tmp_path / "a-file" / "")
                 + "/"]) == 1
    assert "could not be made" in capsys.readouterr().err


def test_cli_reads_the_store_read_only_once_the_learner_id_exists(home, monkeypatch,
                                                                   capsys):
    store = ProgressStore(home / FILENAME)
    fill(store)
    learner = store.learner_id()
    opened = []
    real = sharing.ProgressStore

    def spy(path, **kw):
        opened.append(kw.get("read_only", False))
        return real(path, **kw)

    monkeypatch.setattr(sharing, "ProgressStore", spy)
    assert main(["progress", "share", "--name", "Sam"]) == 0
    assert opened == [True]
    assert json.loads((home / "results" / ("Sam" + fmt.SUFFIX)).read_text())["learner"] == learner


def test_cli_uses_a_one_off_id_when_the_progress_file_cannot_be_written(home, monkeypatch,
                                                                        capsys):
    fill(ProgressStore(home / FILENAME))
    real = sharing.ProgressStore

    def read_only_disk(path, **kw):
        if not kw.get("read_only"):
            raise sharing.StoreUnavailable("Progress is not being saved: read-only disk.")
        return real(path, **kw)

    monkeypatch.setattr(sharing, "ProgressStore", read_only_disk)
    assert main(["progress", "share", "--name", "Sam"]) == 0
    assert "one-off learner id" in capsys.readouterr().err
    data = json.loads((home / "results" / ("Sam" + fmt.SUFFIX)).read_text())
    assert len(data["learner"]) == 32
    assert real(home / FILENAME, read_only=True).learner_id(create=False) is None


# -- the button in lesson 07 --------------------------------------------------------

def test_button_states_what_is_shared_and_never_shared(store, tmp_path):
    box = share_results_check(store=store, folder=tmp_path)
    shown = box.statement.value
    assert NEVER_SHARED in shown
    assert "safety-screen, self-check or training-log answers" in shown
    assert "bsld-control" in box.name._dom_classes and box.name.description


def test_bad_name_writes_nothing(store, tmp_path):
    box = share_results_check(store=store, folder=tmp_path / "out")
    box.name.value = "a\tb"
    box.write.click()
    assert "control characters" in box.message.value and box.link.value == ""
    assert not (tmp_path / "out").exists()


def test_good_name_writes_the_file_and_offers_it_as_a_download(store, tmp_path):
    box = share_results_check(store=store, folder=tmp_path / "out")
    box.name.value = "Sam <b>"
    box.write.click()
    path = tmp_path / "out" / ("Sam-b" + fmt.SUFFIX)
    assert path.is_file() and str(path) in box.message.value
    link = box.link.value
    assert f'download="{path.name}"' in link
    data = re.search(r'href="data:application/json;base64,([^"]+)"', link).group(1)
    assert base64.b64decode(data) == path.read_bytes()
    assert json.loads(path.read_text())["name"] == "Sam <b>"
    assert "<b>" not in box.message.value


def test_button_default_folder_is_results_in_the_data_folder(home, monkeypatch):
    fill(ProgressStore(home / FILENAME))
    box = share_results_check()
    box.name.value = "Sam"
    box.write.click()
    assert (home / "results" / ("Sam" + fmt.SUFFIX)).is_file(), box.message.value


def test_button_without_a_store_says_so():
    box = share_results_check(store=None)
    box.name.value = "Sam"
    box.write.click()
    assert "not being saved" in box.message.value and box.link.value == ""


def damage_an_index(path) -> None:
    """Make the file fail SQLite's quick check while its tables stay readable."""
    import sqlite3

    with sqlite3.connect(path) as db:
        size = db.execute("PRAGMA page_size").fetchone()[0]
        root = db.execute("SELECT rootpage FROM sqlite_master "
                          "WHERE name='attempts_by_question'").fetchone()[0]
    with open(path, "r+b") as fh:
        fh.seek(size * (root - 1))
        fh.write(b"\xff" * 64)


def test_cli_on_a_damaged_file_says_so_shares_what_it_reads_and_moves_nothing(home,
                                                                               capsys):
    fill(ProgressStore(home.parent / "twin.sqlite3"))          # the same answers, undamaged
    held = len(build_result(ProgressStore(home.parent / "twin.sqlite3"), "Sam")["responses"])
    fill(ProgressStore(home / FILENAME))
    damage_an_index(home / FILENAME)
    before = sorted(p.name for p in home.iterdir())
    assert main(["progress", "share", "--name", "Sam"]) == 0
    err = capsys.readouterr().err
    assert "is damaged" in err and "left as it is" in err
    data = json.loads((home / "results" / ("Sam" + fmt.SUFFIX)).read_text())
    assert len(data["responses"]) == held == 2 * (len(KINDS) - 1) + 1  # all but predictions
    after = sorted(p.name for p in home.iterdir() if p.name != "results")  # the share's folder
    assert after == before                                    # nothing moved aside


def test_cli_says_when_a_result_file_holds_no_answers(home, capsys):
    ProgressStore(home / FILENAME).save_answers("warm-up", "plan", {"lift": "x"})
    assert main(["progress", "share", "--name", "Sam"]) == 0
    assert "no quiz answers yet" in capsys.readouterr().err
