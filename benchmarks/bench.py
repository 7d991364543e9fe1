"""Performance benchmark of the course: one Markdown table, baselines measured
in the same run.

    .venv/bin/python benchmarks/bench.py            # about 1-2 minutes
    .venv/bin/python benchmarks/bench.py --quick    # fewer repeats, for a smoke run
    .venv/bin/python benchmarks/bench.py --output build/bench.md

Measures
1. each lesson's Run All time in a fresh kernel (nbclient) against an empty
   notebook run the same way (target: within 2x);
2. `import course` and importing every public name, in fresh interpreters,
   against importing the heavy dependencies alone (target: course adds <= 20%);
3. each explorer's update latency for a control change, in-process (set
   `.value` or click, which runs the model and redraws), against the bare model
   time inside the same change (target: median under 50 ms);
4. the kernel's peak memory after each lesson against a kernel that ran the
   empty notebook (target: within 1.5x).

A notebook or explorer that fails is reported in the table; the run goes on.
The learner's progress file is never touched (BACKSAFE_DATA_DIR is a temporary
directory) and the notebooks run from a temporary copy.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import functools
import importlib
import inspect
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"

# Explorers benchmarked when importable, plus every public `*_explorer` name.
EXPLORERS = ["load_explorer", "anatomy_explorer", "safety_screen", "self_check"]
HEAVY_DEPS = "import ipywidgets, matplotlib.figure, numpy, yaml"
RSS_CELL = ("import resource as _r\n"
            "print('BSLD_MAXRSS', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss)")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@dataclass
class Row:
    measure: str
    value: float | str          # a number, or a failure text
    baseline: float | str | None
    unit: str
    target: str
    limit: float | None = None       # value/baseline must be <= limit
    absolute: float | None = None    # or: value must be < absolute (same unit)

    def ratio(self):
        if isinstance(self.value, (int, float)) and isinstance(self.baseline, (int, float)) \
                and self.baseline > 0:
            return self.value / self.baseline
        return None

    def met(self) -> str:
        if not isinstance(self.value, (int, float)):
            return "no (failed)"
        if self.absolute is not None:
            return "yes" if self.value < self.absolute else "**no**"
        r = self.ratio()
        if r is None or self.limit is None:
            return "n/a"
        return "yes" if r <= self.limit else "**no**"

    def cells(self) -> list[str]:
        def fmt(v):
            if v is None:
                return "-"
            if isinstance(v, str):
                return v
            return f"{v:.3g} {self.unit}" if abs(v) < 100 else f"{v:,.0f} {self.unit}"
        r = self.ratio()
        return [self.measure, fmt(self.value), fmt(self.baseline),
                "-" if r is None else f"{r:.2f}x", self.target, self.met()]


def markdown_table(rows: list[Row]) -> str:
    head = ["measure", "value", "baseline", "ratio", "target", "met?"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in r.cells()) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Machine
# --------------------------------------------------------------------------

def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    versions = []
    for mod in ("jupyterlab", "ipykernel", "ipywidgets", "matplotlib", "numpy", "nbclient"):
        try:
            versions.append(f"{mod} {importlib.import_module(mod).__version__}")
        except Exception:
            pass
    return [
        f"- date: {_dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable})",
        f"- {', '.join(versions)}",
    ]


# --------------------------------------------------------------------------
# 1 and 4: notebooks in fresh kernels (nbclient)
# --------------------------------------------------------------------------

@dataclass
class NbRun:
    seconds: float | None = None
    maxrss_kb: int | None = None
    error: str | None = None
    slowest: tuple[float, int, str] | None = None   # (seconds, cell index, first line)


def _cell_seconds(cell) -> float | None:
    """Execution time of one cell from the timing nbclient records."""
    ex = cell.get("metadata", {}).get("execution", {})
    start, end = ex.get("iopub.execute_input"), ex.get("shell.execute_reply")
    if not (start and end):
        return None
    parse = lambda s: _dt.datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def run_notebook(path: Path | None, workdir: Path, timeout: int = 180) -> NbRun:
    """Execute a notebook (None: an empty one) in a fresh kernel; a last cell
    reads the kernel's peak RSS. The time covers kernel start, all cells and
    the RSS cell (the same for every notebook)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    if path is None:
        nb = nbformat.v4.new_notebook()
    else:
        nb = nbformat.read(str(path), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(RSS_CELL))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}},
                            shutdown_kernel="immediate")
    t0 = time.perf_counter()
    try:
        # The kernel's own stderr (a TCP transport warning) would clutter the output.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        first = str(exc).strip().splitlines()
        name = next((ln for ln in reversed(first) if "Error" in ln or "Exception" in ln),
                    first[-1] if first else "error")
        return NbRun(error=f"FAILED: {name.strip()[:120]}")
    except (DeadKernelError, TimeoutError, RuntimeError) as exc:
        return NbRun(error=f"FAILED: {type(exc).__name__}: {str(exc)[:120]}")
    seconds = time.perf_counter() - t0
    rss = None
    for out in nb.cells[-1].get("outputs", []):
        found = re.search(r"BSLD_MAXRSS\s+(\d+)", str(out.get("text", "")))
        if found:                  # a stream may be split or interleaved: never crash
            rss = int(found.group(1))
    timed = [(_cell_seconds(c), i, (c.source.strip().splitlines() or [""])[0][:50])
             for i, c in enumerate(nb.cells[:-1]) if c.cell_type == "code"]
    timed = [t for t in timed if t[0] is not None]
    return NbRun(seconds=seconds, maxrss_kb=rss, slowest=max(timed) if timed else None)


def run_with_retry(path: Path | None, workdir: Path) -> NbRun:
    """A failed run is tried once more before it is reported (a kernel that did
    not start in time should not sink the whole table)."""
    run = run_notebook(path, workdir)
    if run.error:
        log(f"  {path.name if path else 'empty notebook'}: {run.error}; trying once more")
        run = run_notebook(path, workdir)
    return run


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else "not measured"


# Lessons written after the first three must stay close to the import floor.
FLOOR_LIMIT = 1.3


def bench_notebooks(notebooks: list[Path], workdir: Path, repeat: int) -> list[Row]:
    log("notebooks: warm-up run")
    run_notebook(None, workdir)
    import nbformat

    floor_nb = workdir / "_deps_only.ipynb"
    nbf = nbformat.v4.new_notebook()
    nbf.cells = [nbformat.v4.new_code_cell(HEAVY_DEPS)]
    nbformat.write(nbf, str(floor_nb))
    floor: list[NbRun] = []
    empty: list[NbRun] = []
    runs: dict[str, list[NbRun]] = {nb.name: [] for nb in notebooks}
    for i in range(repeat):
        log(f"notebooks: round {i + 1}/{repeat}")
        empty.append(run_with_retry(None, workdir))
        floor.append(run_with_retry(floor_nb, workdir))
        for nb in notebooks:
            if runs[nb.name] and runs[nb.name][-1].error:
                continue          # a failing notebook fails again; save the time
            runs[nb.name].append(run_with_retry(workdir / nb.name, workdir))
    empty_t = _median(r.seconds for r in empty)
    empty_rss = _median(r.maxrss_kb / 1024 for r in empty if r.maxrss_kb)
    floor_t = _median(r.seconds for r in floor)
    rows_t, rows_m = [], []
    ok_floor = [r for r in floor if r.error is None]
    if ok_floor:
        rows_t.append(Row(f"Run All of a one-cell notebook `{HEAVY_DEPS}` (reference: the "
                          "dependencies alone)", statistics.median(r.seconds for r in ok_floor),
                          empty_t, "s", "-"))
        rows_m.append(Row("kernel peak RSS after the dependencies alone (reference)",
                          statistics.median(r.maxrss_kb for r in ok_floor) / 1024,
                          empty_rss, "MB", "-"))
    for nb in notebooks:
        ok = [r for r in runs[nb.name] if r.error is None]
        if not ok:
            err = runs[nb.name][-1].error
            rows_t.append(Row(f"Run All `{nb.name}` (fresh kernel)", err, empty_t, "s",
                              "<= 2x empty notebook", limit=2.0))
            rows_m.append(Row(f"kernel peak RSS after `{nb.name}`", err, empty_rss, "MB",
                              "<= 1.5x empty notebook", limit=1.5))
            continue
        t = statistics.median(r.seconds for r in ok)
        m = _median(r.maxrss_kb / 1024 for r in ok if r.maxrss_kb)
        n = len(ok)
        slow = ok[-1].slowest
        note = (f"; slowest cell #{slow[1]} `{slow[2]}` {slow[0]:.2f} s" if slow else "")
        if int(nb.name[:2]) >= 3:
            rows_t.append(Row(f"Run All `{nb.name}` (fresh kernel, median of {n}{note}; "
                              "baseline: the dependencies alone)", t, floor_t, "s",
                              f"<= {FLOOR_LIMIT}x dependencies alone", limit=FLOOR_LIMIT))
        else:
            rows_t.append(Row(f"Run All `{nb.name}` (fresh kernel, median of {n}{note})", t,
                              empty_t, "s", "<= 2x empty notebook", limit=2.0))
        rows_m.append(Row(f"kernel peak RSS after `{nb.name}`", m, empty_rss, "MB",
                          "<= 1.5x empty notebook", limit=1.5))
    return rows_t + rows_m


# --------------------------------------------------------------------------
# 2: import time in fresh interpreters
# --------------------------------------------------------------------------

def time_commands(codes: dict[str, str], cwd: Path, repeat: int) -> dict:
    """Median wall time of `python -c <code>` for each code, in fresh
    interpreters. Rounds interleave the commands, so a busy moment on the
    machine hits all of them alike. Returns {key: seconds or failure text}
    and {key: last stdout}."""
    times: dict[str, list[float]] = {k: [] for k in codes}
    failed: dict[str, str] = {}
    stdout: dict[str, str] = {}
    for i in range(repeat + 1):           # round 0 is untimed: fills the caches
        for key, code in codes.items():
            if key in failed:
                continue
            t0 = time.perf_counter()
            r = subprocess.run([sys.executable, "-c", code], cwd=cwd,
                               capture_output=True, text=True)
            dt = time.perf_counter() - t0
            if r.returncode != 0:
                last = (r.stderr.strip().splitlines() or ["error"])[-1]
                failed[key] = f"FAILED: {last[:120]}"
                continue
            stdout[key] = r.stdout.strip()
            if i:
                times[key].append(dt)
    result = {k: failed.get(k) or statistics.median(times[k]) for k in codes}
    return result, stdout


def bench_imports(cwd: Path, repeat: int) -> list[Row]:
    log("imports: fresh interpreters")
    check_pkg = ("import course, sys; sys.exit(0 if getattr(course, '__file__', None) "
                 "else 'course imports as a namespace package (stale editable install)')")
    # Names whose module is not written yet are skipped (and listed), not fatal.
    every = ("import course, sys\n"
             "missing = []\n"
             "for name in course.__all__:\n"
             "    try:\n"
             "        getattr(course, name)\n"
             "    except ModuleNotFoundError as e:\n"
             "        if not (e.name or '').startswith('course.'): raise\n"
             "        missing.append(name)\n"
             "print(','.join(missing))")
    t, out = time_commands({"bare": "pass", "deps": HEAVY_DEPS, "lazy": check_pkg,
                            "first": "from course import quiz_widget", "every": every},
                           cwd, repeat)
    missing = out.get("every", "")
    skipped = f"; not written yet, skipped: {missing}" if missing else ""
    deps = t["deps"]
    deps_label = f"`{HEAVY_DEPS}`"
    return [
        Row(f"`import course` (lazy; baseline: {deps_label})", t["lazy"], deps, "s",
            "<= 1.2x dependencies", limit=1.2),
        Row(f"`from course import quiz_widget` (baseline: {deps_label})", t["first"], deps,
            "s", "<= 1.2x dependencies", limit=1.2),
        Row(f"`import course` + every public name{skipped} (baseline: {deps_label})",
            t["every"], deps, "s", "<= 1.2x dependencies", limit=1.2),
        Row("bare interpreter `python -c pass` (reference)", t["bare"], None, "s", "-"),
    ]


# --------------------------------------------------------------------------
# 3: explorer latency, in-process
# --------------------------------------------------------------------------

class ModelTimer:
    """Wrap every course.models function as seen from the widget and figure
    modules, and add up the time spent in them (outermost calls only)."""

    def __init__(self):
        self.total = 0.0
        self._depth = 0
        self._patched = []

    def wrap(self, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if self._depth:
                return fn(*args, **kwargs)
            self._depth += 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.total += time.perf_counter() - t0
                self._depth -= 1
        return timed

    def install(self):
        for modname, mod in list(sys.modules.items()):
            if not modname.startswith(("course.widgets", "course.figures")) or mod is None:
                continue
            for attr, obj in list(vars(mod).items()):
                if inspect.isfunction(obj) and (obj.__module__ or "").startswith("course.models"):
                    self._patched.append((mod, attr, obj))
                    setattr(mod, attr, self.wrap(obj))

    def uninstall(self):
        for mod, attr, obj in self._patched:
            setattr(mod, attr, obj)
        self._patched.clear()


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def control_changes(control):
    """A function that makes one real change to the control, or None."""
    import ipywidgets as w

    if isinstance(control, w.Button):
        return control.click
    if isinstance(control, (w.Checkbox, w.ToggleButton)):
        def flip():
            control.value = not control.value
        return flip
    options = getattr(control, "options", None)
    if options is not None and hasattr(control, "index") and not isinstance(control.index, tuple):
        n = len(options)
        if n < 2:
            return None

        def cycle():
            i = control.index
            control.index = 0 if i is None else (i + 1) % n
        return cycle
    if all(hasattr(control, a) for a in ("min", "max", "value")) and \
            isinstance(control.value, (int, float)):
        step = getattr(control, "step", None) or 1
        state = {"up": control.value + step <= control.max}

        def move():
            up = state["up"] and control.value + step <= control.max
            if not up and control.value - step < control.min:
                up = True
            control.value = control.value + step if up else control.value - step
            state["up"] = not up
        return move
    if isinstance(control, w.Text):
        try:
            start = float(control.value)       # only boxes that hold a number
        except ValueError:
            return None
        state = {"n": 0}

        def retype():
            state["n"] += 1
            control.value = f"{start + state['n'] % 5:g}"
        return retype
    return None


def label_of(control) -> str:
    label = getattr(control, "description", "") or ""
    return f"{type(control).__name__} '{label[:40]}'"


def timed_changes(movers, n: int, timer: ModelTimer):
    """Make n changes round-robin; returns latencies, model times (ms) and
    latencies per control."""
    lat, model, per_control = [], [], {}
    names = [label_of(c) for c, _ in movers]
    names = [f"{nm} #{k + 1}" if names.count(nm) > 1 else nm for k, nm in enumerate(names)]
    for i in range(n):
        c, move = movers[i % len(movers)]
        timer.total = 0.0
        t0 = time.perf_counter()
        move()
        dt = (time.perf_counter() - t0) * 1000
        lat.append(dt)
        model.append(timer.total * 1000)
        per_control.setdefault(names[i % len(movers)], []).append(dt)
    return lat, model, per_control


def explorer_factories():
    import course

    names = list(EXPLORERS) + [n for n in course.__all__
                               if n.endswith("_explorer") and n not in EXPLORERS]
    for name in names:
        try:
            fn = getattr(course, name)
        except (AttributeError, ImportError) as exc:
            yield name, None, f"not importable ({type(exc).__name__})"
            continue
        yield name, fn, None


def bench_explorers(changes: int) -> list[Row]:
    log("explorers: in-process latency")
    rows = []
    for name, fn, why in explorer_factories():
        if fn is None:
            if name in ("anatomy_explorer",):
                rows.append(Row(f"explorer `{name}`", f"skipped: {why}", None, "ms",
                                "median < 50 ms"))
            continue
        try:
            kwargs = {"store": None} if "store" in inspect.signature(fn).parameters else {}
            widget = fn(**kwargs)
            widget = getattr(widget, "widget", widget)
        except Exception as exc:
            rows.append(Row(f"explorer `{name}`", f"FAILED to build: {type(exc).__name__}: "
                            f"{str(exc)[:100]}", None, "ms", "median < 50 ms"))
            continue
        controls = [c for c in walk(widget) if "bsld-control" in getattr(c, "_dom_classes", ())]
        movers = [(c, control_changes(c)) for c in controls]
        movers = [(c, m) for c, m in movers if m is not None]
        if not movers:
            rows.append(Row(f"explorer `{name}`", "no movable .bsld-control found", None, "ms",
                            "median < 50 ms"))
            continue
        import ipywidgets as w

        values = [(c, m) for c, m in movers if not isinstance(c, w.Button)]
        buttons = [(c, m) for c, m in movers if isinstance(c, w.Button)]
        timer = ModelTimer()
        timer.install()
        try:
            for _, move in movers:        # warm-up: fonts, caches, first draws
                move()
            if values:
                lat, model, per_control = timed_changes(values, max(changes, len(values)),
                                                        timer)
                rows.append(Row(
                    f"explorer `{name}`: update latency, median of {len(lat)} changes over "
                    f"{len(values)} controls (baseline: model time within them)",
                    statistics.median(lat), statistics.median(model), "ms",
                    "median < 50 ms", absolute=50.0))
                worst, times = max(per_control.items(),
                                   key=lambda kv: statistics.median(kv[1]))
                rows.append(Row(f"explorer `{name}`: slowest control, {worst} "
                                f"(median of {len(times)})", statistics.median(times), None,
                                "ms", "median < 50 ms", absolute=50.0))
            for c, move in buttons:
                lat, model, _ = timed_changes([(c, move)], max(3, changes // 10), timer)
                rows.append(Row(f"explorer `{name}`: click {label_of(c)} "
                                f"(median of {len(lat)}; baseline: model time)",
                                statistics.median(lat), statistics.median(model), "ms",
                                "- (a button, not a live control)"))
        except Exception as exc:
            rows.append(Row(f"explorer `{name}`", f"FAILED on a change: {type(exc).__name__}: "
                            f"{str(exc)[:100]}", None, "ms", "median < 50 ms"))
        finally:
            timer.uninstall()
    rows.append(bench_training_log_five_years(changes))
    return rows


# --------------------------------------------------------------------------

def bench_training_log_five_years(changes: int) -> Row:
    """Lesson 06's target: the training-load explorer with five years of sessions."""
    from datetime import date, timedelta

    label = "explorer `training_load_explorer`, five years (1,826 sessions)"
    try:
        from course.widgets.training_log import TrainingLogExplorer

        d0 = date.today() - timedelta(days=1825)
        rows_5y = [((d0 + timedelta(days=i)).isoformat(), 30 + i % 50, 3 + i % 7, "")
                   for i in range(1826)]
        explorer = TrainingLogExplorer(store=None, sessions=rows_5y)
        movers = [(c, control_changes(c)) for c in (explorer.method, explorer.made_up)]
        timer = ModelTimer()
        timer.install()
        try:
            for _, move in movers:
                move()
            lat, model, _ = timed_changes(movers, changes, timer)
        finally:
            timer.uninstall()
        return Row(f"{label}: update latency, median of {len(lat)} changes (baseline: "
                   "model time within them)", statistics.median(lat),
                   statistics.median(model), "ms", "median < 50 ms", absolute=50.0)
    except Exception as exc:
        return Row(label, f"FAILED: {type(exc).__name__}: {str(exc)[:100]}", None, "ms",
                   "median < 50 ms")


# --------------------------------------------------------------------------
# 5: progress-store queries at scale
# --------------------------------------------------------------------------

def fill_store(path: Path, answer_rows: int, per_quiz: int = 10) -> None:
    """A progress file with `answer_rows` attempts in quizzes of `per_quiz` answers,
    spread over eight lessons (written directly: the writing is not measured)."""
    from course.store import ProgressStore

    ProgressStore(path)
    import sqlite3

    from course.content.catalogue import lessons as catalogue

    lessons = [item.slug for item in catalogue()][:8]
    with sqlite3.connect(path) as db:
        subs = answer_rows // per_quiz
        db.executemany("INSERT INTO submissions (id, lesson, score, max_score, created_at) "
                       "VALUES (?, ?, ?, ?, '2026-01-01T00:00:00+00:00')",
                       [(i + 1, lessons[i % 8], i % per_quiz, per_quiz) for i in range(subs)])
        db.executemany("INSERT INTO attempts (submission_id, lesson, question, response, "
                       "correct, score, created_at) VALUES (?, ?, ?, '\"x\"', ?, ?, "
                       "'2026-01-01T00:00:00+00:00')",
                       ((i // per_quiz + 1, lessons[(i // per_quiz) % 8], f"q{i % 37}",
                         i % 3 != 0, float(i % 3 != 0)) for i in range(answer_rows)))


STORE_QUERIES = ("best_scores", "missed_questions", "completed_lessons", "last_activity",
                 "attempt_count")


def bench_store(sizes=(1_000, 10_000, 100_000, 1_000_000), repeat: int = 7) -> list[Row]:
    """Median time of every query the lessons use, at growing store sizes."""
    import io

    from course.store import ProgressStore

    log("store: queries at scale")
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="bsld-store-"))
    try:
        worst = {}
        for size in sizes:
            path = tmp / f"p{size}.sqlite3"
            fill_store(path, size)
            store = ProgressStore(path)
            for name in STORE_QUERIES:
                times = []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    getattr(store, name)()
                    times.append(time.perf_counter() - t0)
                worst.setdefault(size, []).append((statistics.median(times) * 1000, name))
            t0 = time.perf_counter()
            store.export_to(io.StringIO())
            export_ms = (time.perf_counter() - t0) * 1000
            slowest, which = max(worst[size])
            limit = 20.0 if size <= 100_000 else 200.0
            rows.append(Row(f"store with {size:,} answer rows: slowest query "
                            f"(`{which}`, median of {repeat})", slowest, None, "ms",
                            f"< {limit:g} ms", absolute=limit))
            rows.append(Row(f"store with {size:,} answer rows: streamed JSON export",
                            export_ms, None, "ms", "-"))
        first, last = sizes[0], sizes[-1]
        growth = max(worst[last])[0] / max(max(worst[first])[0], 1e-6)
        rows.append(Row(f"growth of the slowest query from {first:,} to {last:,} rows "
                        f"({last // first}x the data)", growth, None, "x", "-"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    ap.add_argument("--output", type=Path, help="also write the report to this file")
    ap.add_argument("--strict", action="store_true",
                    help="exit with status 1 if a target is missed")
    args = ap.parse_args(argv)
    nb_repeat, imp_repeat, changes = (1, 3, 20) if args.quick else (2, 7, 60)

    t_start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="bsld-bench-"))
    os.environ["BACKSAFE_DATA_DIR"] = str(tmp / "data")     # never the learner's file
    # Lessons read progress (lesson 07 most of all): run them against a store
    # with 10,000 recorded answers, as a learner who has done the course would.
    (tmp / "data").mkdir(parents=True)
    fill_store(tmp / "data" / "progress.sqlite3", 10_000)
    # Fixed figures are drawn once per installation (the figure cache); time the
    # runs that follow, as a learner meets them, not that first draw.
    from course.figures.anatomy_svg import AnatomySvg
    from course.figures.disc_pressure import disc_pressure_chart

    AnatomySvg()
    disc_pressure_chart()
    os.environ.setdefault("MPLBACKEND", "Agg")
    workdir = tmp / "notebooks"
    workdir.mkdir()
    notebooks = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    for nb in notebooks:
        shutil.copy2(nb, workdir / nb.name)
    rows: list[Row] = []
    try:
        rows += bench_imports(workdir, imp_repeat)
        if notebooks:
            rows += bench_notebooks(notebooks, workdir, nb_repeat)
        else:
            rows.append(Row("Run All of the lessons", "no notebooks/NN-*.ipynb found", None,
                            "s", "<= 2x empty notebook"))
        try:
            rows += bench_store()
        except Exception as exc:
            rows.append(Row("store", f"FAILED: {type(exc).__name__}: {str(exc)[:120]}",
                            None, "ms", "< 20 ms at 100,000 rows"))
        try:
            rows += bench_explorers(changes)
        except Exception as exc:      # e.g. course not importable
            rows.append(Row("explorers", f"FAILED: {type(exc).__name__}: {str(exc)[:120]}",
                            None, "ms", "median < 50 ms"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    report = "\n".join([
        "## Benchmark",
        "",
        *machine(),
        f"- benchmark wall time: {time.perf_counter() - t_start:.0f} s"
        f"{' (--quick)' if args.quick else ''}",
        "",
        markdown_table(rows),
        "",
    ])
    print(report)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report, encoding="utf-8")
    missed = [r for r in rows if r.met().startswith(("**no", "no"))]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
