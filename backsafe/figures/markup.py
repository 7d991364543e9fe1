"""The HTML every figure is shown in: its picture, with alt text, above a
visible caption. Importing this loads no matplotlib."""
from __future__ import annotations

import html
from dataclasses import dataclass

# Theme colours with light fallbacks, so captions stay readable on a dark theme.
CAPTION_STYLE = "font-size:0.9em;color:var(--jp-content-font-color1, #333)"
# Read by screen readers, not shown.
SR_ONLY = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
           "clip:rect(0,0,0,0);white-space:nowrap;border:0")


def figure_markup(picture: str, caption: str) -> str:
    """An accessible <figure>: `picture` (HTML that carries its own alt text)
    and `caption` (plain text, escaped here) below it. The caption is hidden
    from screen readers, which read the fuller alt text once."""
    return ('<figure class="bsld-fig" style="margin:0">' + picture
            + f'<figcaption aria-hidden="true" style="{CAPTION_STYLE}">'
            f"{html.escape(caption)}</figcaption></figure>")


@dataclass(frozen=True)
class Layers:
    """A figure split for sending to the page: `picture` (HTML, sent again only
    when `key` changes), `overlay` (HTML drawn over it, sent with every change)
    and `caption` (HTML: the text description, read once)."""

    key: str
    width: int
    picture: str
    overlay: str
    caption: str


def caption_html(text: str, hidden: str = "") -> str:
    """A visible caption; `hidden` is more description for screen readers only."""
    extra = f' <span style="{SR_ONLY}">{html.escape(hidden)}</span>' if hidden else ""
    return (f'<p class="bsld-caption" style="{CAPTION_STYLE};line-height:1.4;margin:0.3em 0 0">'
            f"{html.escape(text)}{extra}</p>")


def image_figure(src: str, alt: str, caption: str | None = None) -> str:
    """A <figure> of one image (`src`: a data: URL) with `alt`, captioned with
    `caption`, or with the alt text itself."""
    picture = (f'<img src="{src}" alt="{html.escape(alt)}" '
               'style="max-width:100%;height:auto">')
    return figure_markup(picture, alt if caption is None else caption)
