"""The glossary (glossary.yaml): every technical term the lessons use, in plain words.

A lesson links a term's first mention with `glossary_link(term)`, which points at
the term's entry in the lesson's own glossary section (`glossary_html(slug)`,
anchors `term-<id>`) and carries the definition as hover text, so the link reads
the same in JupyterLab, the app, the static site and a learner's copy.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, UnknownName, field, keyed_items, load_yaml

FILE = "glossary.yaml"
MAX_DEFINITION_WORDS = 60


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    also: tuple[str, ...]
    lessons: tuple[str, ...]        # slugs that use it, in course order; first = first use
    definition: str

    @property
    def anchor(self) -> str:
        return f"term-{self.id}"

    @property
    def forms(self) -> tuple[str, ...]:
        """Every form that counts as a mention, longest first."""
        return tuple(sorted({self.term, *self.also}, key=len, reverse=True))

    def mention(self) -> re.Pattern:
        """A whole-word, case-insensitive match of any form (abbreviations such as
        'AU' or 'RAMP' match only in capitals)."""
        parts = [(re.escape(f), f.isupper()) for f in self.forms]
        loose = "|".join(p for p, upper in parts if not upper)
        exact = "|".join(p for p, upper in parts if upper)
        pieces = ([f"(?i:{loose})"] if loose else []) + ([f"(?:{exact})"] if exact else [])
        return re.compile(r"(?<![\w-])(?:" + "|".join(pieces) + r")(?![\w-])")


def parse_glossary(data, file: str = FILE, lesson_order=None) -> tuple[Term, ...]:
    """Validate the file; `lesson_order` (slugs in course order) defaults to the catalogue."""
    if lesson_order is None:
        from .catalogue import lessons

        lesson_order = [x.slug for x in lessons()]
    terms, forms = [], {}
    for tid, item in keyed_items(data, "terms", "id", file, slug=True):
        term = field(item, "term", str, file, tid).strip()
        also = field(item, "also", list, file, tid, required=False, default=[])
        if not all(isinstance(a, str) and a.strip() for a in also):
            raise ContentError(file, "every other form must be text", tid, "also")
        for form in (term, *also):
            if form.lower() in forms:
                raise ContentError(file, f"'{form}' is already a form of '{forms[form.lower()]}'",
                                   tid, "also" if form != term else "term")
            forms[form.lower()] = tid
        used = field(item, "lessons", list, file, tid)
        unknown = [s for s in used if s not in lesson_order]
        if unknown or not used:
            raise ContentError(file, f"list the lessons that use the term, from: "
                               f"{', '.join(lesson_order)}" + (f" (not {unknown[0]!r})"
                                                               if unknown else ""),
                               tid, "lessons")
        positions = [lesson_order.index(s) for s in used]
        if positions != sorted(set(positions)):
            raise ContentError(file, "list each lesson once, in course order", tid, "lessons")
        definition = field(item, "definition", str, file, tid).strip()
        if len(definition.split()) > MAX_DEFINITION_WORDS:
            raise ContentError(file, f"a definition has at most {MAX_DEFINITION_WORDS} "
                               "words; keep it to one or two sentences", tid, "definition")
        if "[@" in definition:
            raise ContentError(file, "a definition explains a word and cites nothing; put "
                               "claims and citations in the lesson", tid, "definition")
        terms.append(Term(tid, term, tuple(a.strip() for a in also), tuple(used), definition))
    if not terms:
        raise ContentError(file, "the glossary has no terms", None, "terms")
    return tuple(sorted(terms, key=lambda t: t.term.lower()))


@lru_cache(maxsize=1)
def glossary() -> tuple[Term, ...]:
    """Every term, alphabetically, fully validated."""
    return parse_glossary(load_yaml(FILE))


def term(name: str) -> Term:
    """A term by id or by any of its forms (case-insensitive)."""
    wanted = str(name).strip().lower()
    for item in glossary():
        if wanted == item.id or wanted in (f.lower() for f in item.forms):
            return item
    raise UnknownName(f"'{name}' is not in the glossary. Check the spelling, or add it to "
                      f"{FILE}.")


def lesson_terms(slug: str) -> tuple[Term, ...]:
    """The terms a lesson uses, alphabetically."""
    return tuple(t for t in glossary() if slug in t.lessons)


def glossary_link(name: str, text: str | None = None) -> str:
    """Markdown for a term's first mention in a lesson: a link to the lesson's glossary
    entry with the definition as hover text, e.g. `[annulus](#term-annulus-fibrosus "...")`."""
    item = term(name)
    return f'[{text or name}](#{item.anchor} "{_hover(item)}")'


def _hover(item: Term) -> str:
    """The definition as a Markdown link title (backslashes and quotes escaped)."""
    return item.definition.replace("\\", "\\\\").replace('"', '\\"')


def titled_terms(markdown: str) -> str:
    """Give every glossary link in lesson Markdown its term's definition as hover
    text, so the notebooks never drift from glossary.yaml (a link to an unknown
    term is left as it is, for the content lint to report)."""
    by_id = {t.id: t for t in glossary()}

    def retitle(match: re.Match) -> str:
        item = by_id.get(match.group(2))
        if item is None:
            return match.group(0)
        return f'[{match.group(1)}](#{item.anchor} "{_hover(item)}")'

    return _TERM_LINK.sub(retitle, markdown)


def glossary_html(slug: str | None = None) -> str:
    """The glossary as a definition list with an anchor per term: a lesson's terms,
    or (no slug) every term, for the instructor guide."""
    items = lesson_terms(slug) if slug else glossary()
    rows = "".join(f'<dt id="{t.anchor}">{html.escape(t.term)}</dt>'
                   f"<dd>{html.escape(t.definition)}</dd>" for t in items)
    return (f'<section class="bsld-glossary" aria-label="Glossary"><dl>{rows}</dl>'
            "</section>")


# Text where a term is a label or cannot take a link: headings, code, and other links
# (their text, target and hover title). A first mention is looked for in the rest.
_NOT_PROSE = re.compile(r"^#{1,6} [^\n]*|^```[\s\S]*?^```|`[^`\n]*`|"
                        r'\[[^\]]*\]\([^)"\s]*(?:\s+"(?:[^"\\]|\\.)*")?\)', re.M)
_TERM_LINK = re.compile(r'\[([^\]]+)\]\(#term-([a-z0-9-]+)(?:\s+"(?:[^"\\]|\\.)*")?\)')


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def prose_only(text: str, subtitle: str | None = None) -> str:
    """The text with headings, code, links and the lesson's subtitle blanked out,
    keeping every position (so a match here points into the original text)."""
    plain = _NOT_PROSE.sub(_blank, _TERM_LINK.sub(_blank, text))
    if subtitle:
        plain = plain.replace(subtitle, " " * len(subtitle))
    return plain


def first_prose_mention(item: Term, text: str, subtitle: str | None = None) -> re.Match | None:
    """The first mention of a term in running prose: not in a heading, the subtitle,
    code or another link, where a glossary link could go."""
    return item.mention().search(prose_only(text, subtitle))


def unlinked_first_mentions(markdown: list[str], slug: str) -> list[str]:
    """Terms of the lesson whose first mention in the prose of the lesson's Markdown
    cells is not a glossary link (headings and the subtitle are labels, and a mention
    inside another link cannot carry one). A term the lesson does not mention in prose
    is not reported here."""
    from .catalogue import lesson

    text = "\n".join(markdown)
    linked = {m.group(2): m.start() for m in reversed(list(_TERM_LINK.finditer(text)))}
    subtitle = _subtitle(slug, lesson)
    missing = []
    for item in lesson_terms(slug):
        first = first_prose_mention(item, text, subtitle)
        if first is None:
            continue
        link = linked.get(item.id)
        if link is None or link > first.start():
            missing.append(item.term)
    return missing


def _subtitle(slug: str, lesson) -> str | None:
    try:
        return lesson(slug).subtitle
    except UnknownName:
        return None
