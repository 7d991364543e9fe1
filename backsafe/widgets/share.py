"""Lesson 07: write a result file for an instructor, and offer it as a download."""
from __future__ import annotations

import base64
import html
from pathlib import Path

import ipywidgets as widgets

from ..models import InputError
from ..sharing import CONTAINS, NEVER_SHARED, notebook_folder, share
from ..files import WriteFailed
from ..store import StoreUnavailable, try_open_store
from .base import AUTO, CONTROL, label_style, lean, message_html, Panel


def download_link(path: Path) -> str:
    """An <a download> link that holds the file itself (a data: URL), so a learner
    on a JupyterHub can save it to their own computer."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    name = html.escape(path.name)
    return (f'<p><a download="{name}" href="data:application/json;base64,{data}">'
            f"Download {name}</a> (saves a copy to your own computer, for example when "
            "this notebook runs on a server)</p>")


def share_results_check(*, store="default", folder=None):
    """A name box and 'Write my result file': the file an instructor's class report
    reads, with a plain statement of what it holds and what it never holds."""
    store, notice = try_open_store() if store == "default" else (store, None)
    statement = lean(widgets.HTML, message_html(
        f"{CONTAINS} {NEVER_SHARED} Nothing is sent anywhere: you decide whether to give "
        "the file to your instructor.", "info"), classes=("bsld-readout", "bsld-share-contents"))
    name = lean(widgets.Text, value="", description="Your name or nickname",
                placeholder="e.g. Sam", style=label_style(),
                layout={"width": "360px"},
                classes=(*CONTROL, "bsld-share-name"))
    write = lean(widgets.Button, description="Write my result file", icon="file",
                 button_style="primary", layout=AUTO,
                 tooltip="Write the file your instructor's report reads",
                 classes=(*CONTROL, "bsld-share-write"))
    message = lean(widgets.HTML, classes=("bsld-message", "bsld-share-status"))
    link = lean(widgets.HTML, classes=("bsld-share-link",))
    if notice:
        message.value = message_html(notice, "warn")

    def on_write(_=None):
        link.value = ""
        if store is None:
            message.value = message_html("Progress is not being saved on this computer, "
                                         "so there are no answers to share.", "warn")
            return
        target = Path(folder) if folder is not None else notebook_folder()
        try:
            path = share(store, name.value, target)
        except (InputError, StoreUnavailable, WriteFailed) as exc:
            message.value = message_html(str(exc), "error")
            return
        message.value = message_html(
            f"Wrote your result file {path}. Give that file to your instructor the way "
            "they asked (for example by e-mail), or use the download link below.", "ok")
        link.value = download_link(path)

    write.on_click(on_write)
    box = lean(Panel, [statement, lean(widgets.HBox, [name, write]), message, link],
               classes=("bsld-explorer", "bsld-share"))
    box.name, box.write, box.message, box.link, box.statement = (name, write, message, link,
                                                                 statement)
    return box
