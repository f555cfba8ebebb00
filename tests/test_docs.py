"""The repository stands alone: its files cite only documents it holds, and every section cited exists.

The code cites ``docs/design.md`` and ``docs/data-standards.md`` by section ("docs/data-standards.md
§3.1", "§0 and §2", "§3.2, §4, §5"). Their sections are numbered ``## N. Title`` and
``### N.M Title``. Markdown links between the docs (``design.md#2-the-data-folder``) must
name a heading that exists, by GitHub's anchor rule.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()
SCANNED = ("src", "tests", "notebooks", "docs", "params", "data/demo/README.md", "README.md", "CHANGELOG.md")
TEXT_SUFFIXES = (".py", ".md", ".ipynb", ".yaml", ".yml", ".toml", ".cfg", ".txt")
NUMBERED_DOCS = ("docs/design.md", "docs/data-standards.md")

# Documents outside the repository that the code once cited (their names spelt in pieces,
# so that this file is not itself a citation to a plain text search).
OUTSIDE = re.compile("|".join([r"DESIGN" r"\.md", "DATA-" + "STANDARDS", r"\.\./" "shared/", r"\bcontract [0-9]"]))
# "docs/data-standards.md`` §0 and §2", "docs/design.md §4": the doc, then a run of sections.
CITATION = re.compile(r"(?:docs/)?(design|data-standards)\.md\W{0,3}((?:§\d+(?:\.\d+)?(?:\s*(?:,|and)\s*)?)+)")
SECTION_REF = re.compile(r"§(\d+(?:\.\d+)?)")
HEADING = re.compile(r"^(#{2,3}) (\d+(?:\.\d+)?)\.? ", re.MULTILINE)
LINK = re.compile(r"\]\(([\w./-]*\.md)?#([\w-]+)\)")


def tracked_text_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--", *SCANNED], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [p for p in listed if p.endswith(TEXT_SUFFIXES) and p != THIS and (ROOT / p).is_file()]


def sections(text: str) -> set[str]:
    """Section numbers of a numbered doc: ``## 3. Timescales`` gives 3, ``### 3.1 Reviews`` 3.1."""
    found = set()
    for hashes, number in HEADING.findall(text):
        assert (len(hashes) == 2) == ("." not in number), f"heading level does not match its number {number}"
        found.add(number)
    return found


def anchors(text: str) -> set[str]:
    """GitHub's anchors of a markdown file's headings: lower case, punctuation dropped, spaces to hyphens."""
    titles = re.findall(r"^#+ (.+)$", text, re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", t.strip().lower()).replace(" ", "-") for t in titles}


def citations(text: str) -> list[tuple[str, str]]:
    """(doc, section) for every section-numbered citation of the two docs in ``text``."""
    return [(f"docs/{doc}.md", number) for doc, run in CITATION.findall(text) for number in SECTION_REF.findall(run)]


def test_sections_and_citations_are_read_as_the_docs_write_them():
    # two numbered headings, a level-3 heading, and a title that is not a section
    assert sections("# Title\n## 3. Timescales\n### 3.1 Reviews\n## Notes\n") == {"3", "3.1"}
    assert anchors("## 3.1 Looked-after children's reviews\n") == {"31-looked-after-childrens-reviews"}
    text = (
        "Rules (docs/data-standards.md §0 and §2, the DfE's) ... ``docs/data-standards.md`` §1): "
        "(docs/data-standards.md §3.2, §4, §5; Working Together) docs/design.md §4. Not §9."
    )
    assert citations(text) == [
        ("docs/data-standards.md", "0"),
        ("docs/data-standards.md", "2"),
        ("docs/data-standards.md", "1"),
        ("docs/data-standards.md", "3.2"),
        ("docs/data-standards.md", "4"),
        ("docs/data-standards.md", "5"),
        ("docs/design.md", "4"),
    ]
    # the documents that are not in the repository, named in pieces so this file cites none of them
    design, standards, shared = "DESIGN" + ".md", "DATA-" + "STANDARDS", "../" + "shared/seed/"
    assert OUTSIDE.search(f"see {design}") and OUTSIDE.search(f"({shared})")
    assert OUTSIDE.search(f"{standards} §2") and OUTSIDE.search("contract 3")
    assert not OUTSIDE.search("docs/design.md §4; the contract with the build")


def test_no_file_cites_a_document_outside_the_repository():
    cited = [
        f"{path}:{n}: {line.strip()[:100]}"
        for path in tracked_text_files()
        for n, line in enumerate((ROOT / path).read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not cited, "cite docs/design.md or docs/data-standards.md instead:\n" + "\n".join(cited)


@pytest.mark.parametrize("doc", NUMBERED_DOCS)
def test_numbered_docs_have_sections(doc):
    assert len(sections((ROOT / doc).read_text(encoding="utf-8"))) >= 5


def test_every_section_cited_exists():
    known = {doc: sections((ROOT / doc).read_text(encoding="utf-8")) for doc in NUMBERED_DOCS}
    missing = []
    for path in tracked_text_files():
        text = (ROOT / path).read_text(encoding="utf-8")
        for doc, number in citations(text):
            if number not in known[doc]:
                missing.append(f"{path}: {doc} §{number}")
        if path in NUMBERED_DOCS:  # a bare "§N" in a doc names a section of that doc
            for number in SECTION_REF.findall(CITATION.sub("", text)):
                if number not in known[path]:
                    missing.append(f"{path}: §{number}")
    assert not missing, "no such section:\n" + "\n".join(missing)


def test_every_link_to_a_heading_exists():
    broken = []
    for path in tracked_text_files():
        if not path.endswith(".md"):
            continue
        for target, anchor in LINK.findall((ROOT / path).read_text(encoding="utf-8")):
            linked = (ROOT / path).parent / target if target else ROOT / path
            if not linked.is_file() or anchor not in anchors(linked.read_text(encoding="utf-8")):
                broken.append(f"{path}: {target}#{anchor}")
    assert not broken, "no such heading:\n" + "\n".join(broken)
