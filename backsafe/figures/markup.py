"""The HTML every figure is shown in: its picture, with alt text, above a
visible caption. Importing this loads no matplotlib."""
from __future__ import annotations

import html


def figure_markup(picture: str, caption: str) -> str:
    """An accessible <figure>: `picture` (HTML that carries its own alt text)
    and `caption` (plain text, escaped here) below it."""
    return ('<figure class="bsld-fig" style="margin:0">' + picture
            + f'<figcaption style="font-size:0.9em;color:#333">{html.escape(caption)}'
            "</figcaption></figure>")


def image_figure(src: str, alt: str, caption: str | None = None) -> str:
    """A <figure> of one image (`src`: a data: URL) with `alt`, captioned with
    `caption`, or with the alt text itself."""
    picture = (f'<img src="{src}" alt="{html.escape(alt)}" '
               'style="max-width:100%;height:auto">')
    return figure_markup(picture, alt if caption is None else caption)
