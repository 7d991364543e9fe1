"""The backsafe command, lazy imports, package data in a wheel, environment.yml parity,
the version and licence files."""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from .helpers import ROOT

try:
    import tomllib
except ModuleNotFoundError:          # Python 3.10
    import tomli as tomllib


def run(*args, env_dir, check=True):
    env = dict(os.environ, BACKSAFE_DATA_DIR=str(env_dir))
    out = subprocess.run([sys.executable, "-m", "backsafe", *args], capture_output=True,
                         text=True, env=env, timeout=60)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def test_progress_where_export_and_reset(tmp_path):
    from types import SimpleNamespace
    from backsafe.store import FILENAME, ProgressStore

    ProgressStore(tmp_path / FILENAME).record_quiz(
        "anatomy", [SimpleNamespace(question_id="a", correct=True, answered=True, score=1.0)],
        {"a": "x"})
    assert run("progress", "where", env_dir=tmp_path).stdout.strip() == str(tmp_path / FILENAME)
    data = json.loads(run("progress", "export", env_dir=tmp_path).stdout)
    assert data["submissions"][0]["lesson"] == "anatomy"
    out_file = tmp_path / "mine.json"
    run("progress", "export", "-o", str(out_file), env_dir=tmp_path)
    assert json.loads(out_file.read_text())["attempts"][0]["question"] == "a"

    refused = run("progress", "reset", env_dir=tmp_path, check=False)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert json.loads(run("progress", "export", env_dir=tmp_path).stdout)["submissions"]
    done = run("progress", "reset", "--yes", env_dir=tmp_path)
    assert "kept in" in done.stdout
    assert json.loads(run("progress", "export", env_dir=tmp_path).stdout)["submissions"] == []
    assert any(".reset-" in p.name for p in tmp_path.iterdir())


def test_progress_command_on_unusable_folder_says_why(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = run("progress", "reset", "--yes", env_dir=blocker / "data", check=False)
    assert out.returncode == 1
    assert out.stderr.startswith("Progress is not being saved") and "Traceback" not in out.stderr
    assert "[Errno" not in out.stderr and "not a directory" in out.stderr
    out = run("progress", "export", env_dir=blocker / "data", check=False)
    assert out.returncode == 1 and "nothing has been saved" in out.stderr


def test_import_course_is_lazy():
    code = ("import sys, backsafe; heavy = [m for m in ('matplotlib', 'ipywidgets', 'numpy', "
            "'yaml', 'IPython') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout + out.stderr


def test_unknown_name_in_course_is_an_attribute_error():
    import backsafe

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = backsafe.nope
    assert "quiz_widget" in dir(backsafe)


def _requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"]          # the learner's environment: no test tools
    out = {}
    for req in reqs:
        req = req.split(";")[0].replace(" ", "")
        name, spec = re.match(r"([A-Za-z0-9_.-]+)(.*)", req).groups()
        out[name.lower().replace("-", "_")] = ",".join(sorted(spec.split(",")))
    out["python"] = project["requires-python"]
    return out


def _environment():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    out = {}
    entries = list(env["dependencies"])
    for entry in entries:
        if isinstance(entry, dict):
            entries += [e for e in entry["pip"] if not e.startswith("-")]
            continue
        if entry == "pip":
            continue
        name, spec = re.match(r"([A-Za-z0-9_.-]+)(.*)", entry.replace(" ", "")).groups()
        out[name.lower().replace("-", "_")] = ",".join(sorted(spec.split(",")))
    return out


def test_environment_yml_matches_pyproject():
    assert _environment() == _requirements()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    # Built from a copy: setuptools works in the source's build/ folder, which
    # the site and browser tests on the other worker use at the same time.
    source = tmp_path_factory.mktemp("source") / "repo"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "node_modules", "__pycache__", "*.egg-info",
        ".pytest_cache"))
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                            "--disable-pip-version-check", "-w", str(out), str(source)],
                           timeout=300, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    return next(out.glob("backsafe_legday-*.whl"))


def test_wheel_ships_every_content_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    content = ROOT / "backsafe" / "content"
    for path in content.rglob("*.yaml"):
        assert f"backsafe/content/{path.relative_to(content).as_posix()}" in names


def test_content_loads_from_the_installed_wheel(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--disable-pip-version-check", "--target", str(target), str(wheel)],
                   check=True, timeout=300, capture_output=True)
    code = ("import backsafe, backsafe.content.quizzes as q, backsafe.content.references as r\n"
            f"assert backsafe.__file__.startswith({str(target)!r}), backsafe.__file__\n"
            "print(len(backsafe.lessons()), len(r.references()), len(q.load_bank('start-here')"
            ".questions))")
    env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    lessons, refs, questions = map(int, out.stdout.split())
    assert lessons >= 8 and refs >= 5 and questions >= 5


def test_version_is_written_once_and_the_release_files_follow_it():
    import backsafe

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    cff = (ROOT / "CITATION.cff").read_text()
    assert f'version: "{backsafe.__version__}"' in cff
    releases = re.findall(r"(?m)^## (\d+\.\d+\.\d+) - \d{4}-\d\d-\d\d$",
                          (ROOT / "CHANGELOG.md").read_text())
    assert releases and releases[0] == backsafe.__version__
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert "CC BY 4.0" in (ROOT / "LICENSE-content.md").read_text()


def test_one_backsafe_command_with_a_version_and_a_one_line_help_per_subcommand(tmp_path):
    import backsafe

    exe = Path(sys.executable).with_name("backsafe")
    assert exe.is_file(), "the console script `backsafe` is not installed"
    env = dict(os.environ, BACKSAFE_DATA_DIR=str(tmp_path))
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env)
    assert version.stdout.strip() == f"backsafe {backsafe.__version__}"
    assert run("--version", env_dir=tmp_path).stdout.strip() == version.stdout.strip()
    helps = subprocess.run([str(exe), "--help"], capture_output=True, text=True,
                           env=env).stdout
    listed = re.findall(r"(?m)^    (\S+)\s{2,}(\S.*)$", helps)
    wanted = {"progress", "share", "instructor", "class", "site", "slides", "pdf", "app"}
    assert wanted <= {name for name, _ in listed} | set(re.findall(r"(?m)^    (\S+)$", helps))
    for name in wanted:
        sub = subprocess.run([str(exe), name, "--help"], capture_output=True, text=True,
                             env=env)
        assert sub.returncode == 0 and sub.stdout.startswith(f"usage: backsafe {name}"), name
    # The old name still works for one release.
    old = subprocess.run([sys.executable, "-m", "course", "--version"], capture_output=True,
                         text=True, env=env)
    assert old.stdout.strip() == version.stdout.strip()


def test_a_learners_own_course_py_does_not_hide_the_package(tmp_path):
    (tmp_path / "course.py").write_text("raise SystemExit('the learner file was imported')\n")
    code = "from backsafe import lessons; print(len(lessons()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env=dict(os.environ, BACKSAFE_DATA_DIR=str(tmp_path)))
    assert out.returncode == 0 and int(out.stdout) >= 8, out.stderr


def test_no_lesson_imports_the_old_name():
    """With the previous test, a learner's course.py beside the lessons cannot break one."""
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert "from backsafe import" in code, nb.name
        assert not re.search(r"\b(from|import)\s+course\b", code), nb.name
