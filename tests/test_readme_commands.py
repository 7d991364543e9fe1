"""Every `python -m backsafe ...` command in the README, run from the repository
as a reader would, leaves the repository as it was: default outputs go to the
data folder (or where -o says), never into the clone."""
import os
import re
import shlex
import subprocess
import sys

from backsafe.store import FILENAME, ProgressStore
from tests.helpers import ROOT

SERVERS = (" app",)      # long-running: `backsafe app` is started by the browser tests


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```\n(.*?)^```", text, re.M | re.S)
    lines = [line.split(" #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines
            if line.startswith((".venv/bin/python -m backsafe ", ".venv/bin/backsafe "))
            and not any(server in line for server in SERVERS)]


def git_status() -> str:
    return subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain",
                           "--untracked-files=all", "--ignored=no"],
                          capture_output=True, text=True, check=True).stdout


def test_readme_commands_leave_the_repository_clean(tmp_path):
    commands = readme_commands()
    assert len(commands) >= 9, commands              # the README still shows them
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    results = data / "results"
    ProgressStore(data / FILENAME).mark_complete("start-here")   # something to export
    env = dict(os.environ, HOME=str(home), BACKSAFE_DATA_DIR=str(data),
               BACKSAFE_WORK_DIR=str(home / "backsafe-legday"))
    before = git_status()
    for command in commands:
        argv = [str(results) if a == "FOLDER" else a for a in shlex.split(command)]
        argv = ([sys.executable, "-m", "backsafe", *argv[1:]] if argv[0] == ".venv/bin/backsafe"
                else [sys.executable, *argv[1:]])
        run = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=180)
        assert run.returncode == 0, (command, run.stderr)
    assert git_status() == before
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    for expected in ("data/results/Sam.bsld-result.json", "home/progress.json",
                     "data/instructor/backsafe-answer-key.html",
                     "data/instructor/backsafe-instructor-guide.html",
                     "data/instructor/class-report.html",
                     "home/backsafe-legday/00-start-here.ipynb"):
        assert expected in written, expected
