"""The class report inside JupyterLab: a folder box, a Build button, the report."""
from __future__ import annotations

import ipywidgets as widgets

from .base import label_style, lean, message_html

# The standalone page gets these from backsafe.html_page; inside JupyterLab they
# are scoped to the report so the notebook's own tables are left alone.
_TABLES = (".bsld-report table{border-collapse:collapse;margin:.6em 0}"
           ".bsld-report th,.bsld-report td{border:1px solid #767676;padding:.25em .5em;"
           "text-align:left;vertical-align:top}")


def class_report_view(folder: str = "") -> widgets.VBox:
    """A widget that builds the class report for a folder of result files and
    shows it; a folder that cannot be read gets one sentence instead."""
    from ..instructor.class_report import CSS

    box = lean(widgets.Text, value=str(folder), description="Folder of result files:",
               placeholder="e.g. /home/me/class-results",
               style=label_style(), layout={"width": "90%"},
               classes=("bsld-class-folder",))
    build = lean(widgets.Button, description="Build report", button_style="primary",
                 icon="table",
                 tooltip="Read every result file in the folder and show the report",
                 classes=("bsld-class-build",))
    status = lean(widgets.HTML, classes=("bsld-class-status",))
    report = lean(widgets.HTML, classes=("bsld-class-report",))

    def on_build(_=None):
        from ..content.loader import ContentError
        from ..instructor.class_report import (class_statistics, damaged_content_sentence,
                                               no_files_sentence, report_body)
        from ..instructor.results import FolderError, read_folder

        if not box.value.strip():
            status.value = message_html("Type the folder that holds the learners' "
                                        "*.bsld-result.json files first.", "warn")
            return
        try:
            stats = class_statistics(read_folder(box.value.strip()))
        except FolderError as exc:
            status.value, report.value = message_html(str(exc), "error"), ""
            return
        except ContentError as exc:
            status.value = message_html(damaged_content_sentence(exc), "error")
            report.value = ""
            return
        r = stats.results
        status.value = message_html(
            f"{len(r.learners)} learner(s) counted; {len(r.problems)} problem(s) with the "
            "files, listed in the report." if r.files else no_files_sentence(r.folder),
            "ok" if r.files else "warn")
        report.value = f"<style>{_TABLES}{CSS}</style>{report_body(stats)}"

    build.on_click(on_build)
    view = lean(widgets.VBox, [box, build, status, report])
    view.folder, view.build, view.status, view.report = box, build, status, report
    return view
