"""Hub readiness: the binder/ environment that repo2docker reads, the check
that the installed package matches the notebooks, and a lesson run that
writes nothing into the repository folder."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from .helpers import NOTEBOOKS, ROOT

BINDER = ROOT / "binder"
CHECK = BINDER / "check_install.py"
IGNORED = {".venv", "build", ".pytest_cache", ".git", "__pycache__", ".ipynb_checkpoints"}


def _project() -> dict:
    try:
        import tomllib
    except ImportError:          # Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _pins() -> dict[str, str]:
    pins = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"binder/requirements.txt: {line!r} is not pinned with =="
            pins[_name(name)] = version
    return pins


def test_requirements_pin_exactly_the_runtime_dependencies():
    runtime = {_name(r.name): r.specifier for r in map(Requirement, _project()["dependencies"])}
    pins = _pins()
    assert set(pins) == set(runtime), "binder/requirements.txt must list the runtime " \
        "dependencies of pyproject.toml, no more (no test tools) and no fewer"
    for name, version in pins.items():
        assert runtime[name].contains(version), \
            f"{name}=={version} is outside pyproject's range {runtime[name]}"


def test_runtime_pins_a_python_the_course_supports():
    text = (BINDER / "runtime.txt").read_text().strip()
    m = re.fullmatch(r"python-(3\.\d+)", text)
    assert m, f"binder/runtime.txt should read like python-3.12, not {text!r}"
    assert SpecifierSet(_project()["requires-python"]).contains(m.group(1) + ".0")


def test_post_build_installs_the_package_and_the_settings_override_then_checks():
    script = BINDER / "postBuild"
    assert os.access(script, os.X_OK), "repo2docker runs postBuild only if executable"
    text = script.read_text()
    assert "pip install --no-cache-dir --no-deps ." in text
    assert "jupyter/overrides.json" in text and "share/jupyter/lab/settings" in text
    assert "binder/check_install.py" in text
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0


def _check(repo: Path | None = None) -> subprocess.CompletedProcess:
    args = [sys.executable, str(CHECK)] + (["--repo", str(repo)] if repo else [])
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def test_installed_package_matches_the_notebooks():
    result = _check()
    assert result.returncode == 0, result.stderr
    n = len(list(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")))
    assert f"matches the {n} lesson notebooks" in result.stdout


def _fake_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", repo)
    (repo / "backsafe").mkdir()
    shutil.copy(ROOT / "backsafe" / "__init__.py", repo / "backsafe")
    shutil.copytree(ROOT / "jupyter", repo / "jupyter")
    for nb in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"):
        (repo / "notebooks" / nb.name).write_text("{}")
    return repo


def test_check_names_each_notebook_that_does_not_match(tmp_path):
    repo = _fake_repo(tmp_path)
    (repo / "notebooks" / "99-extra.ipynb").write_text("{}")
    (repo / "notebooks" / "01-anatomy.ipynb").unlink()
    result = _check(repo)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in result.stderr
    assert "01-anatomy.ipynb" in lines[0] and "99-extra.ipynb" in lines[1]


def test_check_finds_a_version_mismatch(tmp_path):
    repo = _fake_repo(tmp_path)
    init = repo / "backsafe" / "__init__.py"        # the one place the version is written
    text = init.read_text()
    assert re.search(r'(?m)^__version__ = "', text)
    init.write_text(re.sub(r'(?m)^__version__ = "[^"]*"', '__version__ = "9.9.9"', text,
                           count=1))
    result = _check(repo)
    assert result.returncode == 1
    assert "are for 9.9.9" in result.stderr and "reinstall" in result.stderr


def test_check_finds_a_missing_settings_override(tmp_path):
    repo = _fake_repo(tmp_path)
    (repo / "jupyter" / "overrides.json").write_text(json.dumps({"something": "else"}))
    result = _check(repo)
    assert result.returncode == 1 and "settings override is not installed" in result.stderr


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in IGNORED]
        for f in files:
            path = Path(folder, f)
            st = path.stat()
            out[str(path.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.mark.parametrize("notebook", ["00-start-here.ipynb", "02-causes-and-form.ipynb"])
def test_running_a_lesson_writes_nothing_into_the_repository(notebook, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    data = tmp_path / "data"
    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(data))   # the kernel inherits it
    before = _snapshot(ROOT)
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    after = _snapshot(ROOT)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == [], f"running {notebook} wrote into the repository: {changed}"
    assert (data / "progress.sqlite3").exists(), "progress goes to the data folder"
