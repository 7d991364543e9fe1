"""What keeps Run All fast: widgets that share their Layout and Style and get their
CSS classes when they are made, parsed content kept as JSON in the cache, and one
progress store per file in a kernel."""
import datetime as dt
import json

import ipywidgets as widgets
import pytest

from backsafe.content import loader
from backsafe.store import ENV_VAR, FILENAME, try_open_store
from backsafe.widgets.base import AUTO, lean, shared_layout

from .helpers import NOTEBOOKS


# -- widgets -------------------------------------------------------------------
def test_lean_widgets_share_layout_and_style_and_carry_their_classes():
    a = lean(widgets.Checkbox, description="a", layout=AUTO, classes=("bsld-control",))
    b = lean(widgets.Checkbox, description="b", layout=AUTO)
    assert a.layout is b.layout and a.style is b.style and a.layout.width == "auto"
    assert a._dom_classes == ("bsld-control",) and b._dom_classes == ()
    assert tuple(a.get_state()["_dom_classes"]) == ("bsld-control",)   # sent on opening
    own = widgets.Layout(width="10px")
    c = lean(widgets.HTML, layout=own, style={"description_width": "initial"})
    assert c.layout is own and c.style.description_width == "initial"
    assert c.style is lean(widgets.HTML, style={"description_width": "initial"}).style


def test_a_closed_shared_layout_is_made_again():
    first = shared_layout(width="123px")
    first.close()
    second = lean(widgets.HTML, layout={"width": "123px"})
    assert second.layout is not first and second.layout.comm is not None


def test_classes_go_with_the_widget_not_in_a_later_message(monkeypatch):
    sent = []
    w = lean(widgets.HTML, "x", classes=("bsld-readout",))
    monkeypatch.setattr(type(w.comm), "send",
                        lambda self, data=None, *a, **k: sent.append(data))
    lean(widgets.Button, description="go", classes=("bsld-control", "bsld-check"))
    assert not [d for d in sent if d and "_dom_classes" in str(d)]


@pytest.mark.parametrize("lesson", sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")))
def test_run_all_sends_no_class_updates_and_lesson_00_few_models(lesson, tmp_path, monkeypatch):
    """Run All builds every widget in one message (issue 22's Run All target): no
    CSS class is sent after a widget was opened, in any lesson, and lesson 00's
    widget models stay well under the 219 they were before sharing (93 now)."""
    import comm

    monkeypatch.setenv(ENV_VAR, str(tmp_path / "data"))
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(tmp_path / "cache"))
    counts = {"comm_open": 0, "classes": 0}

    def publish(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        if msg_type == "comm_open":
            counts["comm_open"] += 1
        elif "_dom_classes" in (data or {}).get("state", {}):
            counts["classes"] += 1
    monkeypatch.setattr(type(comm.create_comm()), "publish_msg", publish)
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    monkeypatch.setattr(shell.display_pub, "publish", lambda *a, **k: None)
    monkeypatch.chdir(tmp_path)
    notebook = json.loads((NOTEBOOKS / lesson).read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert shell.run_cell("".join(cell["source"]), silent=True).success
    assert counts["classes"] == 0
    assert counts["comm_open"] > 0, counts
    if lesson.startswith("00-"):
        assert counts["comm_open"] <= 110


# -- content cache -------------------------------------------------------------
@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "content"


def test_content_is_parsed_once_then_read_from_the_cache(cache, monkeypatch):
    first = loader.load_yaml("glossary.yaml")
    kept = list(cache.glob("glossary-*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == first

    def no_parse(raw, name):
        raise AssertionError("parsed again")
    monkeypatch.setattr(loader, "parse_yaml", no_parse)
    assert loader.load_yaml("glossary.yaml") == first


def test_a_changed_file_is_parsed_afresh_and_its_old_cache_dropped(cache):
    assert loader._parse_cached(b"a: 1\n", "demo/x.yaml") == {"a": 1}
    assert loader._parse_cached(b"a: 2\n", "demo/x.yaml") == {"a": 2}
    assert len(list(cache.glob("demo--x-*.json"))) == 1


def test_a_damaged_cache_file_is_ignored_and_replaced(cache):
    loader._parse_cached(b"a: 1\n", "x.yaml")
    (path,) = cache.glob("x-*.json")
    path.write_text("{not json")
    assert loader._parse_cached(b"a: 1\n", "x.yaml") == {"a": 1}
    assert json.loads(path.read_text()) == {"a": 1}


def test_content_json_cannot_keep_exactly_is_not_cached(cache):
    assert loader._parse_cached(b"when: 2026-01-02\n1: one\n", "d.yaml") == {
        "when": dt.date(2026, 1, 2), 1: "one"}
    assert not list(cache.glob("d-*.json"))


def test_bad_content_still_fails_with_its_sentence(cache):
    with pytest.raises(loader.ContentError, match="appears twice"):
        loader._parse_cached(b"a: 1\na: 2\n", "dup.yaml")
    assert not list(cache.glob("dup-*.json"))


def test_the_app_and_an_unwritable_cache_write_nothing(tmp_path, monkeypatch, cache):
    monkeypatch.setenv("BACKSAFE_APP_MODE", "1")
    assert loader._parse_cached(b"a: 1\n", "app.yaml") == {"a": 1}
    assert not cache.exists()
    monkeypatch.delenv("BACKSAFE_APP_MODE")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BACKSAFE_CACHE_DIR", str(blocker))
    assert loader._parse_cached(b"a: 1\n", "ro.yaml") == {"a": 1}


# -- one store per file --------------------------------------------------------
def test_widgets_of_a_kernel_share_one_store_until_the_file_goes(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "data"))
    first, notice = try_open_store()
    again, _ = try_open_store()
    assert notice is None and again is first
    (tmp_path / "data" / FILENAME).unlink()
    fresh, _ = try_open_store()
    assert fresh is not first and (tmp_path / "data" / FILENAME).exists()
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "other"))
    other, _ = try_open_store()
    assert other is not fresh and other.path == tmp_path / "other" / FILENAME


def test_a_lesson_widget_shows_one_plain_line_where_widgets_cannot_show(tmp_path,
                                                                         monkeypatch):
    """The text a viewer without widgets shows; the setup page tells learners what
    to do when they see `VBox(...)`."""
    from backsafe import quiz_widget, safety_screen

    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    for widget in (quiz_widget("start-here"), safety_screen()):
        text = widget._repr_mimebundle_()["text/plain"]
        assert text.startswith("VBox(...)") and "JupyterLab" in text and len(text) < 110
