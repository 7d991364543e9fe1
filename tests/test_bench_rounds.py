"""The benchmark's statistics: each lesson paired with the floor of its own
round, extra rounds for the lessons with the 0.8x limit, and an interval that
says how sure a median ratio is."""
import math
import random
from pathlib import Path

import pytest


def test_the_median_interval_is_the_narrowest_pair_of_order_statistics(bench):
    assert bench.median_interval([5.0, 1.0, 4.0, 2.0, 3.0]) is None      # 5 cannot give 95%
    assert bench.median_interval(list(range(6))) == (0, 5)
    assert bench.median_interval([8, 0, 7, 1, 6, 2, 5, 3, 4]) == (1, 7)  # 2nd and 8th of 9
    assert bench.median_interval(list(range(25))) == (7, 17)            # 8th and 18th of 25
    # One step narrower would cover less than 95% (binomial, p = 1/2).
    assert 1 - 2 * sum(math.comb(25, i) for i in range(9)) / 2 ** 25 < 0.95


def test_the_interval_covers_the_true_median_about_95_percent_of_the_time(bench):
    rng = random.Random(7)
    trials = 2000
    covered = 0
    for _ in range(trials):
        lo, hi = bench.median_interval([rng.gauss(0.75, 0.06) for _ in range(25)])
        covered += lo <= 0.75 <= hi
    assert 0.93 <= covered / trials <= 0.985


def test_tight_lessons_get_their_own_rounds_each_paired_with_its_floor(bench, monkeypatch,
                                                                        tmp_path):
    """Every lesson is timed against the floor run just before it, in the same
    round; lessons 00 and 01 get rounds of their own up to `static_repeat`."""
    calls = []

    def fake_run(path, workdir, **options):
        name = "empty" if path is None else Path(path).name
        calls.append(name)
        if name == "empty":
            return bench.NbRun(seconds=0.5)
        # The n-th floor run takes n s; a lesson takes 0.7x the floor run before it
        # (the cold runs come before any floor).
        floors = calls.count("_deps_only.ipynb")
        if name == "_deps_only.ipynb":
            return bench.NbRun(seconds=float(floors))
        return bench.NbRun(seconds=0.7 * floors or 1.0)

    monkeypatch.setattr(bench, "run_notebook", lambda *a, **k: bench.NbRun(seconds=0.5))
    monkeypatch.setattr(bench, "run_with_retry", fake_run)
    lessons = [tmp_path / n for n in ("00-start-here.ipynb", "01-anatomy.ipynb",
                                      "02-causes-and-form.ipynb")]
    rows = bench.bench_notebooks(lessons, tmp_path, repeat=3, static_repeat=7)

    assert calls.count("_deps_only.ipynb") == 3 + 4
    assert calls.count("02-causes-and-form.ipynb") == 1 + 3        # the cold run + 3
    assert calls.count("00-start-here.ipynb") == calls.count("01-anatomy.ipynb") == 1 + 7
    by_name = {r.measure.split("`")[1]: r for r in rows if r.measure.startswith("Run All `")}
    for name, rounds in (("00-start-here.ipynb", 7), ("01-anatomy.ipynb", 7),
                         ("02-causes-and-form.ipynb", 3)):
        row = by_name[name]
        assert f"median of {rounds} rounds" in row.measure
        assert row.ratio() == pytest.approx(0.7)       # only if each run met its own floor
    assert "95% interval of the median 0.70-0.70" in by_name["00-start-here.ipynb"].measure
    assert "95% interval" not in by_name["02-causes-and-form.ipynb"].measure  # 3 rounds


def test_tight_rounds_sets_the_rounds_of_lessons_00_and_01_only(bench):
    assert bench.round_counts(False, 101) == (9, 101, 7, 60)
    assert bench.round_counts(False, 61)[1] == 61
    assert bench.round_counts(True, 101) == (1, 1, 3, 20)       # --quick wins


def test_zero_tight_rounds_is_refused_before_anything_runs(bench, capsys):
    with pytest.raises(SystemExit) as stop:
        bench.main(["--tight-rounds", "0"])
    assert stop.value.code == 2
    assert "1 or more" in capsys.readouterr().err
