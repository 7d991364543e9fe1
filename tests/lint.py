"""Reading lesson notebooks for the content lint (no kernel needed)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

CITE_LINK = re.compile(r'\]\(#ref-([a-z0-9_-]+)(?: "[^"]*")?\)')   # optional hover title
TAGS = ("**[well supported]**", "**[mixed or weak evidence]**", "**[not supported / myth]**")
ANY_TAG = re.compile(r"\*\*\[([^\]]+)\]\*\*")
# A number with a unit or a percentage: the kind of claim that needs a source.
NUMBER_CLAIM = re.compile(r"\d[\d,.]*\s?(%|per cent|percent|kN|N·m|N\b|kg|MPa|mmHg|°|"
                          r"times|x body)", re.I)
NOTEBOOK_NAME = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.ipynb$")


@dataclass
class Notebook:
    path: Path
    cells: list[dict]

    @classmethod
    def read(cls, path: Path) -> Notebook:
        return cls(path, json.loads(path.read_text(encoding="utf-8"))["cells"])

    def source(self, cell) -> str:
        src = cell["source"]
        return "".join(src) if isinstance(src, list) else src

    def markdown(self) -> list[str]:
        return [self.source(c) for c in self.cells if c["cell_type"] == "markdown"]

    def code(self) -> list[str]:
        return [self.source(c) for c in self.cells if c["cell_type"] == "code"]

    def section(self, heading: str) -> str:
        """Markdown text of a '## heading' section, up to the next '## '."""
        text = "\n".join(self.source(c) if c["cell_type"] == "markdown" else "\x00code\x00"
                         for c in self.cells)
        match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
        return match.group(1) if match else ""

    def prose_blocks(self) -> list[tuple[str, str]]:
        """(section heading, paragraph or bullet) pairs from the body prose."""
        blocks, heading = [], ""
        for md in self.markdown():
            for part in re.split(r"\n\s*\n|\n(?=\s*[-*] |\s*\d+\. )", md):
                h = re.match(r"^#+ (.*)", part.strip())
                if h:
                    heading = h.group(1).strip()
                    part = part.strip()[h.end():]
                if part.strip():
                    blocks.append((heading, part.strip()))
        return blocks
