"""Inline markup for content text: **bold**, *italic* and [@key] citations."""
from __future__ import annotations

import html
import re

# Capitals are matched too, so that [@Key] is checked (and refused) like any key.
CITATION = re.compile(r"\[@([A-Za-z0-9_-]+)\]")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def cited_keys(text: str) -> list[str]:
    """Reference keys cited as [@key] in a text."""
    return CITATION.findall(text)


def unknown_key(key: str) -> str:
    """The problem with a cited key that is not a reference, for a ContentError."""
    hint = (f"; reference keys are lower case, so write [@{key.lower()}]"
            if key != key.lower() else "")
    return f"unknown reference key '{key}'{hint}"


def _citation(key: str, cite) -> str:
    """'(Author year)', with what the source measured as hover text when it is a
    reference of the course."""
    from .references import references

    shown = html.escape(f"({cite(key)})")
    ref = references().get(key)
    if ref is None:
        return shown
    return f'<span class="bsld-cite" title="{html.escape(ref.summary)}">{shown}</span>'


def to_html(text: str, cite=None) -> str:
    """Escape text, then apply bold, italic and (if `cite` given) citations, each
    with its source's design, n and population as hover text."""
    out = html.escape(text, quote=False)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    out = _ITALIC.sub(r"<em>\1</em>", out)
    if cite is not None:
        out = CITATION.sub(lambda m: _citation(m.group(1), cite), out)
    return out


def code_spans(markup: str) -> str:
    """`code` in backticks as <code> in text already turned into HTML (commands in
    setup steps and instructor notes)."""
    return _CODE.sub(r"<code>\1</code>", markup)

def points(score: float) -> str:
    """A score as a learner reads it: 8.33333 -> '8.3', 8.0 -> '8' (partial credit
    on a multiple-choice question gives fractions)."""
    return f"{round(score, 1):g}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 session', '3 sessions' (or the given plural form)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
