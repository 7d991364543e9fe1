"""Jinja2 templates (backsafe/templates/) for the pages the course writes as files.

Autoescape is on: every value is escaped unless it is already HTML, which the
caller marks with `html()` (content text rendered by `content.markup.to_html`,
for example). Jinja2 is imported on first use, never by a lesson at start-up.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("backsafe", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def render(template: str, **context) -> str:
    """Render backsafe/templates/`template` with `context`."""
    return _environment().get_template(template).render(**context)


def html(markup: str):
    """Mark text that is already safe HTML, so the template does not escape it."""
    from markupsafe import Markup

    return Markup(markup)
