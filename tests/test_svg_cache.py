"""Fixed figures are drawn once and kept as SVG, so lesson 01 never loads matplotlib
after its first run."""
import os
import subprocess
import sys

from backsafe.figures.svg_cache import cached_svg

from .helpers import ROOT

LESSON_01_FIGURES = (
    "import sys\n"
    "from backsafe import anatomy_explorer, disc_pressure_chart\n"
    "explorer = anatomy_explorer()\n"
    "explorer.children[1].value = 'iliopsoas'\n"
    "html = disc_pressure_chart()._repr_html_() + explorer.children[2].children[0].value\n"
    "assert 'data:image/svg+xml' in html and '<svg class=\"bsld-anatomy-svg\"' in html\n"
    "print('matplotlib' in sys.modules)\n"
)


def run(code, data_dir):
    env = dict(os.environ, BACKSAFE_DATA_DIR=str(data_dir),
               BACKSAFE_CACHE_DIR=str(data_dir / "figure-cache"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_lesson_01_figures_load_matplotlib_only_on_the_first_run(tmp_path):
    assert run(LESSON_01_FIGURES, tmp_path) == "True"          # draws, fills the cache
    cached = sorted(p.name.split("-")[0] for p in (tmp_path / "figure-cache").glob("*.svg"))
    assert cached == ["anatomy", "disc"]
    assert run(LESSON_01_FIGURES, tmp_path) == "False"         # reads the SVG


def test_a_changed_key_draws_afresh_and_drops_the_old_file(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(tmp_path / "figure-cache"))
    calls = []

    def render():
        calls.append(1)
        return f"<svg>{len(calls)}</svg>"
    assert cached_svg("chart", "k1", render) == "<svg>1</svg>"
    assert cached_svg("chart", "k1", render) == "<svg>1</svg>" and len(calls) == 1
    assert cached_svg("chart", "k2", render) == "<svg>2</svg>"
    assert [p.name for p in (tmp_path / "figure-cache").iterdir()] == ["chart-k2.svg"]


def test_a_cache_folder_that_cannot_be_written_still_gives_the_figure(tmp_path,
                                                                      monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(blocker))
    assert cached_svg("chart", "k", lambda: "<svg/>") == "<svg/>"


def test_figures_are_cached_outside_the_data_folder_and_the_old_cache_goes(tmp_path,
                                                                         monkeypatch):
    from backsafe import store

    monkeypatch.setenv("BACKSAFE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BACKSAFE_CACHE_DIR", raising=False)
    monkeypatch.delenv(store.APP_MODE_VAR, raising=False)
    monkeypatch.setattr("platformdirs.user_cache_dir", lambda *a, **k: str(tmp_path / "cache"))
    assert store.cache_dir() == tmp_path / "cache" / "figures"
    old = tmp_path / "data" / "figure-cache"
    old.mkdir(parents=True)
    (old / "anatomy-old.svg").write_text("<svg/>")
    (tmp_path / "data" / store.FILENAME).write_text("the learner's progress")
    store.drop_old_figure_cache.cache_clear()
    assert cached_svg("chart", "k", lambda: "<svg>new</svg>") == "<svg>new</svg>"
    assert (tmp_path / "cache" / "figures" / "chart-k.svg").read_text() == "<svg>new</svg>"
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [store.FILENAME]
    store.drop_old_figure_cache.cache_clear()


def test_lesson_01_writes_no_figure_files_in_app_mode(tmp_path):
    draw = ("from backsafe import anatomy_explorer, disc_pressure_chart\n"
            "anatomy_explorer().children[1].value = 'iliopsoas'\n"
            "disc_pressure_chart()._repr_html_()\n")
    run(draw, tmp_path / "own")
    assert list((tmp_path / "own").rglob("*.svg"))            # a learner's own copy keeps them
    run("import os; os.environ['BACKSAFE_APP_MODE'] = '1'\n" + draw, tmp_path / "app")
    assert not (tmp_path / "app").exists()                    # nothing on the server


def test_figures_are_still_drawn_when_the_data_folder_setting_is_unusable(monkeypatch):
    monkeypatch.setenv("BACKSAFE_DATA_DIR", "~nosuchuser-bsld/x")
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", "~nosuchuser-bsld/y")
    assert cached_svg("chart", "k", lambda: "<svg/>") == "<svg/>"
    from backsafe.figures.frames import cached_frame
    frame = object()
    assert cached_frame("bsld-test", ("p",), (), lambda: frame) is frame
