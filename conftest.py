"""Test-session set-up shared by unit tests, nbval and the browser tests."""
import os
import sys
import tempfile
from pathlib import Path

import pytest

# Never let a test run touch the learner's own progress file. Kernels started
# by nbval inherit this environment.
os.environ["BACKSAFE_DATA_DIR"] = tempfile.mkdtemp(prefix="backsafe-test-")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="module")
def bench():
    """The benchmark script (benchmarks/bench.py) as a module, for its own tests."""
    sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
    try:
        import bench
    finally:
        sys.path.pop(0)
    return bench


# Browser tests attach a timing line to their report (user property
# "browser_summary"); collected here, in the process that prints the summary,
# so the lines appear also when tests run on xdist workers.
_BROWSER_LINES: list[str] = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        _BROWSER_LINES.extend(v for k, v in report.user_properties if k == "browser_summary")


def pytest_terminal_summary(terminalreporter):
    _print_cue_figures(terminalreporter)
    if _BROWSER_LINES:
        terminalreporter.section("browser: time per notebook")
        for line in _BROWSER_LINES:
            terminalreporter.write_line(line)


def _print_cue_figures(terminalreporter) -> None:
    """When the cue lint ran, show every bank's figures (issue 21), pass or fail."""
    ran = any("test_item_cues.py" in getattr(report, "nodeid", "")
              for reports in terminalreporter.stats.values() for report in reports)
    if not ran:
        return
    from backsafe.content.item_cues import course_sets, cue_report, cue_table

    terminalreporter.section("answer cues per question set (tests/test_item_cues.py)")
    for line in cue_table([cue_report(n, qs) for n, qs in course_sets()]).splitlines():
        terminalreporter.write_line(line)


# Test files that share one expensive build (tests/delivery_build.py) run on one
# worker, so two workers never build into build/ at the same time.
SHARED_BUILD = {"tests/test_site.py": "site", "tests/browser/test_site_browser.py": "site"}


@pytest.hookimpl(optionalhook=True)     # known only when pytest-xdist is loaded
def pytest_xdist_make_scheduler(config, log):
    """How `make test` shares the suite between xdist workers: every cell of a
    notebook on one worker, in order (they share a kernel); the browser tests in
    two groups, each worker starting its own JupyterLab and Chromium, so the
    slowest tests are not left for one worker at the end; every other test on
    its own."""
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        _browser: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.partition("::")[0]
            if path.endswith(".ipynb"):
                return path
            if path in SHARED_BUILD:
                return SHARED_BUILD[path]
            if path.startswith("tests/browser/"):
                if self._browser is None:      # alternate, in collection order
                    ids = [i for i in self.collection if i.startswith("tests/browser/")
                           and i.partition("::")[0] not in SHARED_BUILD]
                    self._browser = {i: f"browser-{n % 2}" for n, i in enumerate(ids)}
                return self._browser.get(nodeid, "browser-0")
            return nodeid

    return CourseScheduling(config, log)
