"""Benchmark of the class report: n made-up result files aggregated and turned
into the HTML report (target: 500 files in under 2 s).

    .venv/bin/python benchmarks/class_report_bench.py [n]

`bench_class_report(n)` is what benchmarks/bench.py calls. The files are
written before the clock starts; the question banks are loaded (and cached)
before it too, as they are once per process in real use.
"""
from __future__ import annotations

import sys
import tempfile
import time


def bench_class_report(n: int = 500) -> float:
    """Seconds (wall clock) to read `n` result files, compute the statistics and
    build the HTML report with its three figures (matplotlib imported beforehand)."""
    return _run(n)[0]


def _run(n: int) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process) for the report."""
    import matplotlib.figure  # noqa: F401  (imported once per process in real use)

    from backsafe.instructor.class_report import build_report
    from backsafe.instructor.examples import write_example_folder
    from backsafe.instructor.results import current_questions

    current_questions()
    with tempfile.TemporaryDirectory(prefix="bsld-class-bench-") as tmp:
        write_example_folder(tmp, n)
        start, cpu = time.perf_counter(), time.process_time()
        page, stats = build_report(tmp)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if len(stats.results.learners) != n or stats.results.problems:
        raise RuntimeError(f"the benchmark's {n} files were not all counted cleanly")
    return seconds, cpu


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 500
    seconds, cpu = _run(n)
    print(f"class report from {n} result files: {seconds:.2f} s wall clock, {cpu:.2f} s "
          "CPU (target: under 2 s for 500)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
