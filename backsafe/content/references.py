"""The reference list: primary sources, cite(key) and per-lesson lists."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, UnknownName, content_files, field, load_yaml

FOLDER = "references"
KEY = re.compile(r"^[a-z0-9_-]+$")       # the characters a [@key] citation allows


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
        refs.append(Reference(
            key=key,
            authors=field(item, "authors", str, file, item_id),
            year=field(item, "year", int, file, item_id),
            title=field(item, "title", str, file, item_id),
            source=field(item, "source", str, file, item_id),
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
    """In-text citation for prose: 'Wilke et al. 1999', or a Markdown link."""
    text = reference(key).citation
    return f"[{text}](#ref-{key})" if link else text


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
