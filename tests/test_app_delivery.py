"""`make app`'s set-up: lesson copies with the app's sentences and links between
lessons, a home page from the catalogue, idle kernels culled."""
import json

from backsafe.content.catalogue import lessons
from backsafe.delivery.app import (HOME_FRAGMENT, VOILA_DIR, app_env, home_html, prepare_app,
                                   voila_command)
from backsafe.delivery.modes import mode_sentences
from tests.helpers import ROOT

AVAILABLE = [lesson for lesson in lessons() if lesson.available]


def test_prepared_lessons_say_what_is_true_in_the_app_and_link_to_each_other(tmp_path):
    folder = prepare_app(ROOT / "notebooks", tmp_path)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(lesson.notebook for lesson in AVAILABLE)
    for n, lesson in enumerate(AVAILABLE):
        nb = json.loads((folder / lesson.notebook).read_text(encoding="utf-8"))
        text = "\n".join(c["source"] for c in nb["cells"] if c["cell_type"] == "markdown")
        assert not [e["lab"] for e in mode_sentences() if e["lab"] in text], lesson.slug
        nav = nb["cells"][-1]["source"]
        assert "[All lessons](../tree)" in nav
        assert ("Previous:" in nav) == (n > 0) and ("Next:" in nav) == (n + 1 < len(AVAILABLE))
        if n + 1 < len(AVAILABLE):
            assert f"({AVAILABLE[n + 1].notebook})" in nav
    # the repository's lessons are not touched
    assert "Run > Run All Cells" in (ROOT / "notebooks" / "00-start-here.ipynb").read_text()


def test_home_page_has_titles_minutes_safety_and_links_to_served_lessons(tmp_path):
    prepare_app(ROOT / "notebooks", tmp_path, slugs=["anatomy"])
    page = (tmp_path / HOME_FRAGMENT).read_text(encoding="utf-8")
    for lesson in lessons():
        assert f"{lesson.teaching_minutes + lesson.practice_minutes} minutes" in page
        linked = f'href="{{{{ base_url }}}}voila/render/{lesson.notebook}"' in page
        assert linked == (lesson.slug == "anatomy")
    assert "emergency department now" in page and "Nothing you enter in this app" in page
    total = sum(lesson.teaching_minutes + lesson.practice_minutes for lesson in AVAILABLE)
    assert f"about {total} minutes in all" in page


def test_home_page_escapes_catalogue_text():
    evil = AVAILABLE[0].__class__(**{**AVAILABLE[0].__dict__,
                                     "title": "<b>{{ x }}</b>"})
    page = home_html([evil], [evil])
    assert "<b>{{" not in page and "&lt;b&gt;&#123;&#123;" in page


def test_app_env_and_command_find_our_settings_and_home(tmp_path):
    env = app_env({"JUPYTER_PATH": "/elsewhere"}, build=tmp_path)
    assert env["BACKSAFE_APP_MODE"] == "1"
    assert env["JUPYTER_PATH"].split(":") == [str(tmp_path / "share"),
                                              str(VOILA_DIR / "share"), "/elsewhere"]
    cmd = voila_command(tmp_path, ip="0.0.0.0")
    assert "--Voila.ip=0.0.0.0" in cmd and f"--Voila.config_file_paths={VOILA_DIR}" in cmd
    assert "--Voila.ip=127.0.0.1" in voila_command(tmp_path)


def test_voila_settings_cull_idle_kernels_and_use_the_catalogue_home():
    settings = json.loads((VOILA_DIR / "voila.json").read_text())
    cull = settings["MappingKernelManager"]
    assert 0 < cull["cull_idle_timeout"] <= 1800 and cull["cull_interval"] > 0
    assert settings["VoilaConfiguration"]["classic_tree"] is True
    tree = (VOILA_DIR / "share/voila/templates/backsafe/tree.html").read_text()
    assert '{% include "bsld-home.html" ignore missing %}' in tree
