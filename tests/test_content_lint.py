"""Every lesson notebook follows the lesson skeleton and the evidence rules."""
import re

import pytest

from backsafe.content.catalogue import lessons
from backsafe.content.quizzes import bank_for, bank_references
from backsafe.content.references import references

from .helpers import NOTEBOOKS
from .lint import ANY_TAG, CITE_LINK, NOTEBOOK_NAME, NUMBER_CLAIM, TAGS, Notebook

PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
CATALOGUE = {item.notebook: item for item in lessons()}
# Sections where numbers need no citation: they restate the lesson or are exercises.
UNCITED_SECTIONS = {"Practice", "Key points", "Quiz", "References"}


@pytest.fixture(params=PATHS, ids=[p.stem for p in PATHS])
def nb(request):
    return Notebook.read(request.param)


def lesson_of(nb):
    return CATALOGUE[nb.path.name]


def test_there_are_lessons():
    assert len(PATHS) >= 1


def test_file_name_matches_catalogue(nb):
    assert NOTEBOOK_NAME.match(nb.path.name), nb.path.name
    assert nb.path.name in CATALOGUE, f"{nb.path.name} is not in lessons.yaml"


def test_no_outputs_or_execution_counts_committed(nb):
    for cell in nb.cells:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{nb.path.name}: a cell has outputs"
            assert cell.get("execution_count") is None, f"{nb.path.name}: execution count"


def test_title_and_subtitle(nb):
    first = nb.markdown()[0].strip().splitlines()
    assert nb.cells[0]["cell_type"] == "markdown"
    assert first[0] == f"# {lesson_of(nb).title}"
    assert lesson_of(nb).subtitle in nb.markdown()[0]


def test_at_a_glance_comes_first(nb):
    assert f'at_a_glance("{lesson_of(nb).slug}")' in nb.code()[0]


def test_quiz_cell(nb):
    assert f'quiz_widget("{lesson_of(nb).slug}")' in nb.section("Quiz") or any(
        f'quiz_widget("{lesson_of(nb).slug}")' in c for c in nb.code())
    assert "## Quiz" in "\n".join(nb.markdown())


def test_an_explorer_beyond_the_quiz(nb):
    explorers = [c for c in nb.code() if re.search(r"\b\w+_(explorer|screen|check)\(\)", c)]
    assert explorers, "every lesson needs at least one interactive explorer"


def test_practice_has_a_hidden_worked_solution(nb):
    practice = nb.section("Practice")
    assert practice.strip(), "missing '## Practice'"
    assert "<details>" in practice and "<summary>" in practice and "</details>" in practice


def test_key_points(nb):
    bullets = [line for line in nb.section("Key points").splitlines()
               if line.lstrip().startswith(("- ", "* "))]
    assert 3 <= len(bullets) <= 6


def test_references_section_renders_the_lesson_list(nb):
    assert "## References" in "\n".join(nb.markdown())
    assert any(f'reference_list("{lesson_of(nb).slug}")' in c for c in nb.code())


def test_order_of_sections(nb):
    text = "\n".join(nb.markdown())
    positions = [text.index(h) for h in ("## Practice", "## Quiz", "## Key points",
                                         "## References")]
    assert positions == sorted(positions)


def test_citations_exist_and_are_in_the_lesson_reference_list(nb):
    cited = set(CITE_LINK.findall("\n".join(nb.markdown())))
    known = references()
    assert not cited - set(known), f"unknown reference keys: {cited - set(known)}"
    listed = set(lesson_of(nb).references)
    assert cited <= listed, (f"add these keys to the lesson's references in "
                             f"lessons.yaml: {sorted(cited - listed)}")


def test_evidence_tags_are_from_the_fixed_set(nb):
    for tag in ANY_TAG.findall("\n".join(nb.markdown())):
        assert f"**[{tag}]**" in TAGS, f"unknown evidence tag [{tag}]"


def test_every_cited_claim_carries_an_evidence_tag(nb):
    for heading, block in nb.prose_blocks():
        if CITE_LINK.search(block) and heading not in UNCITED_SECTIONS:
            assert any(tag in block for tag in TAGS), f"no evidence tag in: {block[:120]}"


def test_every_number_in_the_body_has_a_citation(nb):
    for heading, block in nb.prose_blocks():
        if heading in UNCITED_SECTIONS:
            continue
        if NUMBER_CLAIM.search(block) and not block.lstrip().startswith("|"):
            assert CITE_LINK.search(block), f"number without a citation: {block[:160]}"


def test_lesson_reference_lists_have_no_stray_keys():
    for item in lessons():
        unknown = set(item.references) - set(references())
        assert not unknown, f"{item.slug}: unknown keys {unknown}"


def test_every_reference_is_cited_somewhere():
    from backsafe.content.safety import safety_content

    used = set()
    for item in lessons():
        used |= set(item.references)
        bank = bank_for(item.slug) if item.available else None
        if bank:
            used |= bank_references(bank)
    used |= {k for tier in safety_content().tiers for k in tier.references}
    for path in PATHS:
        used |= set(CITE_LINK.findall("\n".join(Notebook.read(path).markdown())))
    unused = set(references()) - used
    assert not unused, f"references nothing cites: {sorted(unused)}"


def test_every_glossary_term_links_at_its_first_mention(nb):
    from backsafe.content.glossary import unlinked_first_mentions

    missing = unlinked_first_mentions(nb.markdown(), lesson_of(nb).slug)
    assert missing == [], (f"{nb.path.name}: link the first mention of {missing} with "
                           "glossary_link(term)")


def test_every_glossary_link_has_its_anchor_in_the_lesson_glossary(nb):
    from backsafe.content.glossary import lesson_terms

    slug = lesson_of(nb).slug
    assert any(f'glossary_list("{slug}")' in c and "import glossary_list" in c
               for c in nb.code())
    linked = set(re.findall(r"\]\(#(term-[a-z0-9-]+)", "\n".join(nb.markdown())))
    assert linked, "the lesson links no glossary term"
    assert linked <= {t.anchor for t in lesson_terms(slug)}, (
        f"links to terms missing from the lesson's glossary: "
        f"{sorted(linked - {t.anchor for t in lesson_terms(slug)})}")
