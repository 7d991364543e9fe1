"""The learner's setup and troubleshooting page (setup.yaml): written to SETUP.md at
the top of the repository and printed in the instructor guide, from one source."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .loader import ContentError, field, load_yaml

FILE = "setup.yaml"


@dataclass(frozen=True)
class SetupPage:
    title: str
    intro: str
    steps: tuple[tuple[str, tuple[str, ...]], ...]      # (heading, lines)
    troubleshooting: tuple[tuple[str, str], ...]        # (problem, fix)


def parse_setup(data, file: str = FILE) -> SetupPage:
    steps = []
    for n, raw in enumerate(field(data, "steps", list, file, None), 1):
        where = f"steps[{n}]"
        lines = field(raw, "lines", list, file, where)
        if not lines or not all(isinstance(x, str) and x.strip() for x in lines):
            raise ContentError(file, "give at least one line of text", where, "lines")
        steps.append((field(raw, "heading", str, file, where), tuple(lines)))
    trouble = [(field(raw, "problem", str, file, f"troubleshooting[{n}]"),
                field(raw, "fix", str, file, f"troubleshooting[{n}]"))
               for n, raw in enumerate(field(data, "troubleshooting", list, file, None), 1)]
    if not steps or not trouble:
        raise ContentError(file, "the page needs setup steps and troubleshooting", None,
                           "steps" if not steps else "troubleshooting")
    return SetupPage(field(data, "title", str, file, None),
                     field(data, "intro", str, file, None), tuple(steps), tuple(trouble))


@lru_cache(maxsize=1)
def setup_page() -> SetupPage:
    return parse_setup(load_yaml(FILE))


def setup_markdown(page: SetupPage | None = None) -> str:
    """SETUP.md's text (regenerate it with `python -m backsafe.content.setup_page`)."""
    page = page or setup_page()
    out = [f"# {page.title}", "", page.intro, ""]
    for heading, lines in page.steps:
        out += [f"## {heading}", ""] + [f"- {line}" for line in lines] + [""]
    out += ["## Troubleshooting", ""]
    for problem, fix in page.troubleshooting:
        out += [f"**{problem}**", "", fix, ""]
    out += ["<!-- Written from backsafe/content/setup.yaml by "
            "`python -m backsafe.content.setup_page`; edit that file, not this one. -->", ""]
    return "\n".join(out)


if __name__ == "__main__":                                  # pragma: no cover
    import sys

    sys.stdout.write(setup_markdown())
