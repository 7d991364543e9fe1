"""The reference list: primary sources, cite(key) and per-lesson lists."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, UnknownName, content_files, field, load_yaml

FOLDER = "references"
KEY = re.compile(r"^[a-z0-9_-]+$")       # the characters a [@key] citation allows
DESIGNS = ("meta-analysis", "network meta-analysis", "systematic review", "narrative review",
           "guideline", "consensus statement", "textbook", "expert opinion", "RCT",
           "cluster RCT", "cohort", "case-control", "cross-sectional", "survey",
           "laboratory study", "case study", "cadaver", "animal", "model")
# Designs that pool or weigh many studies (or set guidance): their n is not the
# size of one experiment, so the content lint never calls them "small".
SYNTHESES = frozenset(DESIGNS[:8])
NON_HUMAN = frozenset({"cadaver", "animal", "model"})
SMALL_N = 100     # a single primary study with fewer people (or an unknown n) is small
_FIELDS = {"key", "authors", "year", "title", "source", "doi", "pmid", "short", "design",
           "n", "population"}


@dataclass(frozen=True)
class Reference:
    key: str
    authors: str
    year: int
    title: str
    source: str
    doi: str | None = None
    pmid: str | None = None
    short: str | None = None
    design: str = "expert opinion"   # one of DESIGNS
    n: int | None = None             # people (or specimens) studied; None: not applicable
    population: str = ""             # who or what was studied, e.g. "8 healthy men"

    @property
    def summary(self) -> str:
        """What the source measured: 'laboratory study, n = 8: 8 healthy men'."""
        size = f", n = {self.n:,}" if self.n is not None else ""
        return f"{self.design}{size}: {self.population}"

    @property
    def weak_alone(self) -> bool:
        """Too weak to make a claim 'well supported' on its own: a non-human model,
        cadaver or animal study, or one primary study of fewer than SMALL_N people."""
        if self.design in NON_HUMAN:
            return True
        return self.design not in SYNTHESES and (self.n is None or self.n < SMALL_N)

    @property
    def citation(self) -> str:
        """Short in-text form: 'Wilke et al. 1999', 'Axler & McGill 1997'."""
        if self.short:
            return self.short
        names = [part.strip().split(" ")[0] for part in self.authors.split(",")]
        if len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} & {names[1]}"
        else:
            who = f"{names[0]} et al."
        return f"{who} {self.year}"

    def to_html(self) -> str:
        parts = [f"{html.escape(self.authors)} ({self.year}). "
                 f"{html.escape(self.title)}. <em>{html.escape(self.source)}</em>."]
        if self.doi:
            parts.append(f" doi:{html.escape(self.doi)}")
        if self.pmid:
            parts.append(f" PMID {html.escape(self.pmid)}")
        parts.append(f' <small class="bsld-ref-design">[{html.escape(self.summary)}]</small>')
        return "".join(parts)


def parse_references(data, file: str) -> list[Reference]:
    items = field(data, "references", list, file, None)
    refs = []
    for index, item in enumerate(items):
        key = item.get("key") if isinstance(item, dict) else None
        item_id = key if isinstance(key, str) else f"#{index + 1}"
        optional = {name: field(item, name, (str, int), file, item_id, required=False)
                    for name in ("doi", "pmid", "short")}
        key = field(item, "key", str, file, item_id)
        if not KEY.match(key):
            raise ContentError(file, "a key is lower-case letters, digits, '-' and '_' only "
                               "(it is cited as [@key] and used in links)", item_id, "key")
        extra = sorted(set(item) - _FIELDS)
        if extra:
            raise ContentError(file, "unknown field", item_id, extra[0])
        design = field(item, "design", str, file, item_id)
        if design not in DESIGNS:
            raise ContentError(file, f"unknown design '{design}'; use one of "
                               f"{', '.join(DESIGNS)}", item_id, "design")
        if "n" not in item:
            raise ContentError(file, "this field is required (null where a sample size "
                               "does not apply or is not known)", item_id, "n")
        size = field(item, "n", int, file, item_id, required=False)
        if size is not None and size < 1:
            raise ContentError(file, "n is a whole number of 1 or more, or null", item_id,
                               "n")
        refs.append(Reference(
            key=key,
            authors=field(item, "authors", str, file, item_id),
            year=field(item, "year", int, file, item_id),
            title=field(item, "title", str, file, item_id),
            source=field(item, "source", str, file, item_id),
            design=design, n=size,
            population=field(item, "population", str, file, item_id),
            **{k: (str(v) if v is not None else None) for k, v in optional.items()},
        ))
    return refs


@lru_cache(maxsize=1)
def references() -> dict[str, Reference]:
    """Every reference, by key, from all files in content/references/."""
    found: dict[str, tuple[Reference, str]] = {}
    for file in content_files(FOLDER):
        for ref in parse_references(load_yaml(file), file):
            if ref.key in found:
                raise ContentError(file, f"this key is also defined in {found[ref.key][1]}",
                                   ref.key, "key")
            found[ref.key] = (ref, file)
    return {key: ref for key, (ref, _) in found.items()}


def reference(key: str) -> Reference:
    try:
        return references()[key]
    except KeyError:
        raise UnknownName(f"There is no reference with key '{key}'.") from None


def cite(key: str, *, link: bool = False) -> str:
    """In-text citation for prose: 'Wilke et al. 1999', or a Markdown link whose
    hover text (title) says what the source measured."""
    ref = reference(key)
    return f'[{ref.citation}](#ref-{key} "{hover(key)}")' if link else ref.citation


def hover(key: str) -> str:
    """A citation's hover text: the source's design, n and population."""
    return reference(key).summary.replace('"', "'")


_LINK = re.compile(r'\]\(#ref-([a-z0-9_-]+)(?: "[^"]*")?\)')


def titled_citations(markdown: str) -> str:
    """Give every `[...](#ref-key)` link in lesson Markdown the hover text of its
    reference, so the notebooks never drift from the reference files."""
    return _LINK.sub(lambda m: f'](#ref-{m.group(1)} "{hover(m.group(1))}")', markdown)


def lesson_references(slug: str) -> list[Reference]:
    """The references a lesson uses (catalogue list plus its quiz), sorted."""
    from .catalogue import lesson
    from .quizzes import bank_for, bank_references

    keys = set(lesson(slug).references)
    bank = bank_for(slug)
    if bank is not None:
        keys |= bank_references(bank)
    refs = [reference(key) for key in keys]
    return sorted(refs, key=lambda r: (r.authors.lower(), r.year, r.key))


def retitle_notebook(path) -> bool:
    """Rewrite a lesson notebook's Markdown citations and glossary links with their
    hover text (an authoring tool: `python -m backsafe.content.references
    notebooks/*.ipynb`). True if the file changed."""
    import json
    from pathlib import Path

    from .glossary import titled_terms

    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    changed = False
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            titled = titled_terms(titled_citations(text))
            if titled != text:
                cell["source"], changed = titled.splitlines(keepends=True), True
    if changed:
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    return changed


if __name__ == "__main__":
    import sys

    for name in sys.argv[1:]:
        if retitle_notebook(name):
            print(f"updated {name}")
