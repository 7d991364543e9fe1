"""Lesson 06 widgets: the training-load log explorer and the warning-signs check."""
from __future__ import annotations

import base64
import html
import stat
import time
from contextlib import contextmanager
from datetime import date

import ipywidgets as widgets

from ..files import BadPath, user_path
from ..content.markup import to_html
from ..content.references import cite
from ..content.safety import safety_content
from ..content.training_example import example_log
from ..content.warning_signs import warning_signs
from ..figures.training_load import TrainingFigure
from ..models import InputError, short_repr
from ..models.training_csv import parse_training_csv, sessions_to_csv
from ..models.training_load import (DANGER_ZONE, METHOD_NAMES, METHODS, OK,
                                    SWEET_SPOT, check_day_total, describe_week,
                                    made_up_chronic, training_load, validate_sessions)
from ..models.warning_signs import check_warning_signs
from ..store import StoreUnavailable, try_open_store
from .base import (AUTO, CONTROL, figure_pane, label_style, lean, live_region, message_html,
                   Panel, readout_table, show)

_MADE_UP = [("a constant (the log's average)", "constant"),
            ("random, draw 1", "random-1"), ("random, draw 2", "random-2"),
            ("random, draw 3", "random-3")]
_SHOW = [("My log", "mine"), ("Example log (made-up)", "example")]
MAX_CSV_BYTES = 5_000_000
PAGE_SIZE = 100          # sessions in the Session list at once (newest page first)


class MemoryLog:
    """The store's session methods, kept in memory (when progress cannot be
    saved, or for tests and benchmarks)."""

    def __init__(self, rows=()):
        self._rows: dict[int, dict] = {}
        self._next = 1
        self.add_sessions(rows)

    def add_sessions(self, rows) -> list[int]:
        ids = []
        for day, minutes, rpe, note in rows:
            self._rows[self._next] = dict(id=self._next, day=str(day), minutes=float(minutes),
                                          rpe=float(rpe), note=str(note or ""), saved_at="")
            ids.append(self._next)
            self._next += 1
        return ids

    def add_session(self, day, minutes, rpe, note="") -> int:
        return self.add_sessions([(day, minutes, rpe, note)])[0]

    def update_session(self, session_id, day, minutes, rpe, note="") -> None:
        if session_id in self._rows:
            self._rows[session_id].update(day=str(day), minutes=float(minutes),
                                          rpe=float(rpe), note=str(note or ""))

    def delete_session(self, session_id) -> None:
        self._rows.pop(session_id, None)

    def sessions(self) -> list[dict]:
        return sorted((dict(r) for r in self._rows.values()),
                      key=lambda r: (r["day"], r["id"]))


def _session_text(row) -> str:
    note = f" ({row['note']})" if row.get("note") else ""
    return (f"{row['day']}: {row['minutes']:g} min × RPE {row['rpe']:g} = "
            f"{row['minutes'] * row['rpe']:,.0f} AU{note}")


def _read_text(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text; save it as CSV (UTF-8) and try "
                         "again.") from None


def read_csv_path(path: str) -> str:
    """The text of a CSV file named by the learner (one plain sentence on failure)."""
    try:
        p = user_path(path.strip())
    except BadPath as exc:
        raise InputError(str(exc)) from None
    try:
        mode = p.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{p} is a folder, not a CSV file.")
        if not stat.S_ISREG(mode):                # a device or a pipe may never end
            raise InputError(f"{p} is not a file; give the path of a CSV file.")
        with p.open("rb") as fh:
            raw = fh.read(MAX_CSV_BYTES + 1)     # never more, whatever stat said
        if len(raw) > MAX_CSV_BYTES:
            raise InputError(f"{p} is larger than 5 MB; that is not a training log.")
        return _read_text(raw, str(p))
    except FileNotFoundError:
        raise InputError(f"There is no file {p}; check the path (it is relative to the "
                         "notebook's folder).") from None
    except IsADirectoryError:
        raise InputError(f"{p} is a folder, not a CSV file.") from None
    except PermissionError:
        raise InputError(f"{p} cannot be read (no permission).") from None
    except OSError as exc:
        raise InputError(f"{p} cannot be read ({exc.strerror or exc}).") from None


class TrainingLogExplorer:
    """State and callbacks behind :func:`training_load_explorer`."""

    def __init__(self, *, store="default", sessions=None, today: date | None = None):
        self.today = today
        notice = None
        if store == "default":
            store, notice = try_open_store()
        if store is None:
            self.backend = MemoryLog(sessions or ())
            self.saving = False
            notice = ((notice + " ") if notice else "") + (
                "Sessions you add are kept only until you close this notebook.")
        else:
            self.backend = store
            self.saving = True
        self.notice = notice

        desc = dict(style=label_style(), classes=CONTROL)
        toggles = dict(style={**label_style(), "button_width": "auto"}, classes=CONTROL)
        self.method = lean(
            widgets.ToggleButtons, options=[(METHOD_NAMES[m], m) for m in METHODS], value="coupled",
            description="Ratio method", tooltips=[
                "Acute 7 days ÷ average week of the last 28 days (the acute week is "
                "inside the chronic window)",
                "Acute 7 days ÷ average week of the 21 days before them",
                "Exponentially weighted averages (7-day and 28-day)"], **toggles)
        self.made_up = lean(widgets.Dropdown, options=_MADE_UP, value="constant",
                            description="Critique: divide by", **desc)
        self.shown = lean(widgets.ToggleButtons, options=_SHOW, value="mine",
                          description="Log shown", **toggles)
        self.pick = lean(widgets.Dropdown, options=[("(new session)", 0)], value=0,
                         description="Session", layout=widgets.Layout(
            width="520px"), **desc)
        self.page = lean(
            widgets.IntText, value=1, description=f"List page ({PAGE_SIZE} per page, "
            "1 = newest)", layout={"width": "300px"}, **desc)
        self.day = lean(widgets.Text, value=(today or date.today()).isoformat(),
                        description="Date (YYYY-MM-DD)", **desc)
        self.minutes = lean(widgets.FloatText, value=60.0, step=5, description="Minutes", **desc)
        self.rpe = lean(widgets.FloatText, value=7.0, step=0.5, description="Session RPE (0-10)",
                        **desc)
        self.note = lean(widgets.Text, value="", description="Note (optional)",
                         layout={"width": "420px"}, **desc)
        button = dict(layout=AUTO, classes=CONTROL)
        self.add = lean(widgets.Button, description="Add session", icon="plus",
                        button_style="primary", **button)
        self.save = lean(widgets.Button, description="Save changes", icon="save", **button)
        self.delete = lean(widgets.Button, description="Delete session", icon="trash",
                           **button)
        self.path = lean(widgets.Text, value="", placeholder="e.g. my_log.csv",
                         description="CSV file path", **desc)
        self.upload = lean(widgets.FileUpload, accept=".csv,text/csv", multiple=False,
                           description="Upload CSV", classes=("bsld-upload",))
        self.import_ = lean(widgets.Button, description="Import CSV", icon="upload", **button)
        self.export = lean(widgets.Button, description="Export CSV", icon="download",
                           **button)

        # One figure per log shown, so switching between them keeps each one's frame.
        self.figures: dict[str, TrainingFigure] = {}
        self._computed: dict[str, tuple] = {}   # kind -> (data key, TrainingLoad)
        self.kind = "example"
        self.pane = figure_pane()
        self.readout = lean(widgets.HTML, classes=("bsld-readout",))
        self.preview = lean(widgets.HTML, classes=("bsld-readout", "bsld-preview"))
        self.message = lean(widgets.HTML, classes=("bsld-message",))
        self.report = lean(widgets.HTML, classes=("bsld-message", "bsld-import-report"))
        self.status = lean(widgets.HTML, classes=("bsld-message", "bsld-store-status"))
        if notice:
            self.status.value = message_html(notice, "warn")

        self.rows: list[dict] = []
        self.tl = None
        self.label = ""
        self.export_text = ""
        self._quiet = False

        self.method.observe(lambda _: self.redraw(), "value")
        self.made_up.observe(lambda _: self.redraw(), "value")
        self.shown.observe(lambda _: None if self._quiet else self.reload(), "value")
        self.pick.observe(self._on_pick, "value")
        self.page.observe(lambda _: None if self._quiet else self._on_page(), "value")
        for c in (self.day, self.minutes, self.rpe):
            c.observe(lambda _: self.update_preview(), "value")
        self.add.on_click(self._on_add)
        self.save.on_click(self._on_save)
        self.delete.on_click(self._on_delete)
        self.import_.on_click(self._on_import)
        self.export.on_click(self._on_export)

        self.reload(initial=True)
        self.update_preview()
        editor = lean(widgets.VBox, [
            lean(widgets.HTML, "<strong>Your log</strong>: add a session, or pick one to change "
                               "or delete it."),
            lean(widgets.HBox, [self.pick, self.page]),
            lean(widgets.HBox, [self.day, self.minutes]),
            lean(widgets.HBox, [self.rpe, self.note]), self.preview,
            lean(widgets.HBox, [self.add, self.save, self.delete])])
        transfer = lean(widgets.VBox, [
            lean(widgets.HTML, "<strong>Import or export</strong> a CSV file with the columns "
                               "<code>date,minutes,rpe,note</code>."),
            lean(widgets.HBox, [self.path, self.upload, self.import_, self.export])])
        self.widget = lean(Panel, [
            self.status, lean(widgets.HBox, [self.shown]), self.method, self.made_up,
            self.message, self.pane, self.readout, editor, transfer, self.report,
        ], classes=("bsld-explorer", "bsld-training-log"))

    # -- data ---------------------------------------------------------------------
    def _load_rows(self) -> bool:
        try:
            self.rows = self.backend.sessions()
        except StoreUnavailable as exc:
            self.status.value = message_html(str(exc), "warn")
            return False
        return True

    @contextmanager
    def _hold(self):
        """Set controls without their callbacks running."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    def _on_page(self) -> None:
        """A page number typed in: out of range is said, not silently changed."""
        pages = max(1, -(-len(self.rows) // PAGE_SIZE))
        if not 1 <= self.page.value <= pages:
            asked = self.page.value
            with self._hold():
                self.page.value = min(max(asked, 1), pages)
            self.message.value = message_html(
                f"There is no page {asked}: the session list has {pages} page"
                f"{'s' if pages > 1 else ''} (1 = newest). Showing page {self.page.value}.",
                "warn")
        self._refresh_pick()

    def _refresh_pick(self, show_id: int | None = None) -> None:
        """The Session list: one page of sessions, newest page first (a long log
        would otherwise send every session to the browser on each change)."""
        keep = self.pick.value if show_id is None else show_id
        pages = max(1, -(-len(self.rows) // PAGE_SIZE))
        with self._hold():
            self.page.value = min(max(self.page.value, 1), pages)
            if show_id is not None:
                at = next((i for i, r in enumerate(self.rows) if r["id"] == show_id), None)
                if at is not None:
                    self.page.value = (len(self.rows) - 1 - at) // PAGE_SIZE + 1
            end = len(self.rows) - (self.page.value - 1) * PAGE_SIZE
            shown = self.rows[max(0, end - PAGE_SIZE):end]
            options = [("(new session)", 0)] + [(_session_text(r), r["id"]) for r in shown]
            self.pick.options = options
            self.pick.value = keep if keep in {v for _, v in options} else 0

    def reload(self, initial: bool = False) -> None:
        """Read the log from the store, recompute and redraw."""
        self._load_rows()
        self._refresh_pick()
        if initial and not self.rows:
            with self._hold():
                self.shown.value = "example"
        if self.shown.value == "mine" and self.rows:
            kind, source = "mine", self.rows
            label = f"Your log ({len(self.rows)} sessions)"
            key = tuple((r["day"], r["minutes"], r["rpe"]) for r in self.rows)
        else:
            example = example_log()
            kind, source, label, key = "example", example.sessions, example.label, "example"
        if self._computed.get(kind, (None,))[0] != key:   # unchanged data: reuse
            try:
                self._computed[kind] = (key, training_load(source, today=self.today))
            except InputError as exc:
                self.message.value = message_html(str(exc), "error")
                return
        self.kind, self.tl = kind, self._computed[kind][1]
        self.label = label
        if self.shown.value == "mine" and not self.rows:
            self.message.value = message_html(
                "You have no sessions saved yet, so the made-up example log is shown. "
                "Add a session below or import a CSV file.", "info")
        self.redraw()

    def critique(self):
        kind = self.made_up.value
        seed = int(kind.split("-")[1]) if kind.startswith("random") else 0
        return made_up_chronic(self.tl.ratio(self.method.value),
                               "random" if seed else "constant", seed)

    def redraw(self) -> None:
        """Ratio method or made-up load changed: redraw the figure and readout."""
        if self.tl is None:
            return
        critique = self.critique()
        figure = self.figures.get(self.kind) or self.figures.setdefault(self.kind,
                                                                        TrainingFigure())
        show(self.pane, figure.update(self.tl, self.method.value, critique, self.label))
        self.readout.value = live_region(self.readout_html(critique))

    def readout_html(self, critique) -> str:
        tl, method = self.tl, self.method.value
        ratio = tl.ratio(method)
        example = self.label.lower().startswith("made-up")
        head = (f"<p><strong>{html.escape(self.label)}</strong>"
                + (f": {html.escape(example_log().description)}" if example else "")
                + "</p>")
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in tl.log.notes)
        notes = f"<ul style='margin:2px 0'>{notes}</ul>" if notes else ""
        defined = ratio.reason == OK
        if defined.any():
            above = int((ratio.value[defined] >= DANGER_ZONE).sum())
            band = int(((ratio.value[defined] >= SWEET_SPOT[0])
                        & (ratio.value[defined] <= SWEET_SPOT[1])).sum())
            ratio_text = (f"latest {ratio.describe()}; {band} of {int(defined.sum())} days "
                          f"inside the proposed band, {above} at or above {DANGER_ZONE:g}")
        else:
            ratio_text = ratio.describe()
        rows = [("Latest complete week", describe_week(tl)),
                (f"Acute:chronic ratio, {METHOD_NAMES[method]}", ratio_text),
                ("Critique", critique.describe())]
        return (f"{head}{notes}{readout_table(rows, strong=False, top=True)}"
                "<p style='margin:4px 0 0 0'><small>The band and the danger line are "
                "proposals from team-sport data and are contested: a ratio outside them is "
                "a prompt to look at how fast your load changed, not a prediction of "
                "injury.</small></p>")

    # -- the editor ---------------------------------------------------------------
    def _form(self):
        """The form's session, validated by the model (raises InputError)."""
        log = validate_sessions([(self.day.value, self.minutes.value, self.rpe.value,
                                  self.note.value.strip())], today=self.today,
                                labels=["This session"])
        return (str(log.days[0]), float(log.minutes[0]), float(log.rpe[0]),
                log.session_notes[0])

    def update_preview(self) -> None:
        try:
            day, minutes, rpe, _ = self._form()
        except InputError as exc:
            self.preview.value = message_html(str(exc), "error")
            return
        self.preview.value = (f"Session load on {day}: {minutes:g} min × RPE {rpe:g} = "
                              f"<strong>{minutes * rpe:,.0f} AU</strong>")

    def _on_pick(self, change) -> None:
        if self._quiet:
            return
        row = next((r for r in self.rows if r["id"] == change["new"]), None)
        if row is None:
            self.message.value = message_html("Fill in a new session and press Add "
                                              "session.", "info")
            return
        self.day.value, self.minutes.value = row["day"], row["minutes"]
        self.rpe.value, self.note.value = row["rpe"], row["note"] or ""
        self.message.value = message_html(f"Editing {_session_text(row)}. Change it and "
                                          "press Save changes, or Delete session.", "info")

    def _store_call(self, fn, *args) -> bool:
        try:
            fn(*args)
        except StoreUnavailable as exc:
            self.message.value = message_html(f"{exc} Nothing was changed; what you typed "
                                              "is still in the form.", "warn")
            return False
        return True

    def _after_change(self, text: str, select: int | None = None) -> None:
        with self._hold():
            self.shown.value = "mine"
        self.reload()
        if select is not None:
            self._refresh_pick(show_id=select)
        self.message.value = message_html(text, "ok")

    def _with_whole_log(self, session, replacing: int | None = None):
        """The form's session, checked with the others of its day (together they fit
        in 24 hours); raises InputError."""
        day, minutes = session[0], session[1]
        check_day_total(day, minutes + sum(r["minutes"] for r in self.rows
                                           if r["day"] == day and r["id"] != replacing))
        return session

    DOUBLE_CLICK_SECONDS = 1.5

    def _on_add(self, _=None) -> None:
        now = time.monotonic()
        try:
            session = self._form()
            last = getattr(self, "_last_add", None)
            if last and last[0] == session and now - last[1] < self.DOUBLE_CLICK_SECONDS:
                return              # a double click: the session is already logged
            self._with_whole_log(session)
        except InputError as exc:
            self.message.value = message_html(str(exc), "error")
            return
        new_id = []
        if self._store_call(lambda: new_id.append(self.backend.add_session(*session))):
            self._last_add = (session, now)
            row = dict(zip(("day", "minutes", "rpe", "note"), session))
            self._after_change(f"Added {_session_text(row)}.", new_id[0])

    def _selected(self):
        return next((r for r in self.rows if r["id"] == self.pick.value), None)

    def _on_save(self, _=None) -> None:
        row = self._selected()
        if row is None:
            self.message.value = message_html(
                "Choose a session in the Session list first; to log a new one, press Add "
                "session.", "warn")
            return
        try:
            session = self._with_whole_log(self._form(), replacing=row["id"])
        except InputError as exc:
            self.message.value = message_html(str(exc), "error")
            return
        if self._store_call(self.backend.update_session, row["id"], *session):
            new = dict(zip(("day", "minutes", "rpe", "note"), session))
            self._after_change(f"Saved changes: {_session_text(new)}.", row["id"])

    def _on_delete(self, _=None) -> None:
        row = self._selected()
        if row is None:
            self.message.value = message_html(
                "Choose the session to delete in the Session list first.", "warn")
            return
        if self._store_call(self.backend.delete_session, row["id"]):
            self._after_change(f"Deleted {_session_text(row)}; "
                               f"{len(self.rows) - 1} sessions left.", 0)

    # -- import and export --------------------------------------------------------
    def _csv_source(self) -> tuple[str, str]:
        files = list(self.upload.value or ())
        if files:
            f = files[0]
            raw = bytes(f["content"]) if not isinstance(f, dict) else bytes(f.get("content"))
            name = f.get("name", "the uploaded file") if isinstance(f, dict) else f.name
            if len(raw) > MAX_CSV_BYTES:
                raise InputError(f"{name} is larger than 5 MB; that is not a training log.")
            return _read_text(raw, name), name
        if self.path.value.strip():
            from ..store import APP_MODE_FILES, app_mode

            if app_mode():     # a shared server's files are not the visitor's
                raise InputError(APP_MODE_FILES)
            return read_csv_path(self.path.value), self.path.value.strip()
        raise InputError("Type the path of a CSV file or upload one, then press Import CSV.")

    def _on_import(self, _=None) -> None:
        self.report.value = ""
        try:
            text, name = self._csv_source()
            existing = [(r["day"], r["minutes"], r["rpe"], r["note"]) for r in self.rows]
            result = parse_training_csv(text, today=self.today, existing=existing)
        except InputError as exc:
            self.message.value = message_html(str(exc), "error")
            return
        if result.accepted and not self._store_call(self.backend.add_sessions,
                                                    list(result.accepted)):
            self.report.value = self.report_html(result, imported=False)
            return
        self.upload.value = ()
        self.report.value = self.report_html(result, imported=True)
        if result.accepted:
            self._after_change(f"Imported {len(result.accepted)} session"
                               f"{'s' if len(result.accepted) != 1 else ''} from "
                               f"{name}. " + ("Rejected rows are listed below; nothing "
                                              "already saved was changed."
                                              if result.rejected else ""))
        else:
            self.message.value = message_html(
                f"Nothing was imported from {name}: every row was rejected (see below). "
                "Your saved sessions are unchanged.", "warn")

    @staticmethod
    def report_html(result, imported: bool) -> str:
        n = len(result.accepted)
        if imported:
            head = f"{n} session{'s' if n != 1 else ''} imported"
        else:
            head = "Nothing was imported (saving failed; your saved sessions are unchanged)"
        if not result.rejected:
            return message_html(head + "; no row was rejected.", "ok")
        rows = "".join(f"<tr><td>{r.line}</td><td><code>{html.escape(r.text)}</code></td>"
                       f"<td>{html.escape(r.reason)}</td></tr>" for r in result.rejected)
        table = ("<table><tr><th>line</th><th>row</th><th>why it was rejected</th></tr>"
                 f"{rows}</table>")
        return message_html(f"{head}; {len(result.rejected)} row"
                            f"{'s' if len(result.rejected) != 1 else ''} rejected:{table}",
                            "warn", markup=True)

    def _on_export(self, _=None) -> None:
        if not self._load_rows():
            return
        if not self.rows:
            self.message.value = message_html(
                "Your log is empty, so there is nothing to export yet (the made-up example "
                "is not exported).", "warn")
            return
        self.export_text = sessions_to_csv(self.rows)
        data = base64.b64encode(self.export_text.encode("utf-8")).decode("ascii")
        stamp = (self.today or date.today()).isoformat()
        link = (f'<a download="training_log_{stamp}.csv" '
                f'href="data:text/csv;base64,{data}">training_log_{stamp}.csv</a>')
        self.message.value = message_html(
            f"Exported {len(self.rows)} sessions: download {link} (it stays on your "
            "computer).", "ok", markup=True)


def training_load_explorer(*, store="default", sessions=None):
    """The training-load log: add, edit, delete, import and export sessions;
    weekly load, monotony, strain and the acute:chronic ratio with its critique.

    ``store``: "default" (the learner's progress file), a ProgressStore, or
    None (kept in memory; ``sessions`` are then the starting rows: a list of
    ``(day, minutes, rpe[, note])``; a row of another shape raises InputError).
    """
    return TrainingLogExplorer(store=store, sessions=_starting_rows(sessions)).widget


def _starting_rows(sessions) -> list[tuple] | None:
    """`sessions` checked by the model and as (day, minutes, rpe, note) rows."""
    if not sessions:
        return None
    if not isinstance(sessions, (list, tuple)):
        raise InputError("Sessions must be a list of (date, minutes, RPE, note) rows, "
                         f"not {short_repr(sessions)}.")
    log = validate_sessions(sessions)
    return [(str(d), float(m), float(r), n) for d, m, r, n in
            zip(log.days, log.minutes, log.rpe, log.session_notes)]


# -- warning signs ------------------------------------------------------------------

def _signs_html(result, content) -> str:
    if result.clear:
        return message_html(content.clear, "ok")
    items = "".join(f"<li><strong>{html.escape(s.text)}</strong>: {html.escape(s.advice)}"
                    "</li>" for s in result.ticked)
    parts = []
    if result.red_flag:
        tier = result.screen.tier
        parts.append(message_html(
            f"<strong>&#9888; Something you ticked matches a red flag in the course's "
            f"safety screen.</strong> Open lesson 00 (<code>00-start-here.ipynb</code>) and "
            f"use its safety screen now. Its advice for this sign: "
            f"<strong>{html.escape(tier.heading)}</strong>.", "error", markup=True))
    parts.append(f"<ul style='margin:4px 0'>{items}</ul>")
    parts.append(f"<p><small>{to_html(content.advice_basis, cite)}</small></p>")
    parts.append("<p><small>This checklist gives general advice, not a diagnosis. Signs of "
                 "overtraining overlap with illness, low energy intake, low iron and other "
                 "conditions, which only a clinician can rule out.</small></p>")
    return "".join(parts)


def warning_signs_check():
    """A checklist of warning signs with plain advice; nothing is saved."""
    content = warning_signs()
    safety = safety_content()
    boxes = {s.id: lean(widgets.Checkbox, value=False, description=s.text, indent=False,
                        layout=AUTO,
                        classes=CONTROL) for s in content.signs}
    result = lean(widgets.HTML, classes=("bsld-readout",))

    def update(_=None):
        ticked = [sid for sid, box in boxes.items() if box.value]
        result.value = _signs_html(check_warning_signs(ticked, content, safety), content)

    for box in boxes.values():
        box.observe(update, "value")
    update()
    box = lean(Panel, [lean(widgets.HTML, f"<p>{html.escape(content.intro)}</p>"),
                       *boxes.values(), result],
               classes=("bsld-explorer", "bsld-warning-signs"))
    box.boxes = boxes
    box.result = result
    return box
