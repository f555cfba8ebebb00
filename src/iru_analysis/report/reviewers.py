"""The executed section notebooks as web pages for reviewers: code and outputs, no Jupyter needed.

Every build writes, beside each executed notebook in ``outputs/<year>/notebooks/``, a page
of the same name (``05_reviews.ipynb``, ``05_reviews.html``) that any browser opens:

- every cell as it ran, its code (with its ``In [n]`` prompt, coloured by Pygments'
  default style) and its outputs, the cell of parameters the build injected included:
  what the reviewer reads is what was run, and a reviewer who reads the report's number
  finds the line that made it;
- nbconvert's ``HTMLExporter`` with its ``basic`` template (the cells alone: no page head,
  so none of the scripts the other templates load from the web), placed in this module's
  page with its own small stylesheet and the report's Content-Security-Policy (no
  script, no frame, no remote file: the page loads nothing from outside itself);
- Markdown outputs (a section's sentences, which quote data and parameters) rendered as
  the report renders them (:func:`.markup.markdown_html`: raw HTML shown as text);
  images in the notebooks' own Markdown cells embedded from the notebooks folder;
- the same notebook gives the same bytes (the executed notebooks are made so by
  :func:`.build.finalise_notebook`, which also takes the build's temporary folder out of
  them).

:func:`notebook_page_link` is the link to a section's page from ``report.html`` (the
provenance appendix lists them).
"""

from __future__ import annotations

import copy
import html
import shutil
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import nbformat

from .markup import markdown_html
from .run import notebook_title

PAGE_SUFFIX = ".html"
NOTEBOOKS_FOLDER = "notebooks"  # of the output folder, beside report.html
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)
PAGE_CSS = """
body { font-family: Arial, "Liberation Sans", "DejaVu Sans", Helvetica, sans-serif; line-height: 1.5;
       color: #1a1a1a; background: #fff; max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
a { color: #0b4f8a; }
.about { border: 1px solid #6b6b6b; padding: 0.5rem 1rem; }
.jp-Cell, .cell { margin: 1rem 0; }
.jp-InputPrompt, .jp-OutputPrompt, .prompt { color: #444; font-family: monospace; font-size: 0.85rem; }
.highlight, pre { background: #f5f5f5; padding: 0.5rem; overflow-x: auto; font-size: 0.9rem; }
.jp-InputArea, .input_area { border-left: 3px solid #0b4f8a; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 0.5rem 0; }
th, td { border: 1px solid #6b6b6b; padding: 0.2em 0.5em; }
caption { text-align: left; font-weight: bold; }
"""


def notebook_page_name(notebook: str | Path) -> str:
    """The file name of a notebook's page.

    >>> notebook_page_name("outputs/2015-16/notebooks/05_reviews.ipynb"), notebook_page_name("05_reviews")
    ('05_reviews.html', '05_reviews.html')
    """
    name = Path(notebook).name
    return (name.removesuffix(".ipynb") or name) + PAGE_SUFFIX


def notebook_page_link(notebook: str | Path) -> str:
    """The link to a section notebook's page from ``report.html`` (relative: the output
    folder moves whole).

    >>> notebook_page_link("05_reviews.ipynb")
    'notebooks/05_reviews.html'
    """
    return f"{NOTEBOOKS_FOLDER}/{notebook_page_name(notebook)}"


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="basic", anchor_link_text="", embed_images=True)


@lru_cache(maxsize=1)
def _code_css() -> str:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style="default").get_style_defs(".highlight")


def notebook_page(path: Path, images_folder: Path | None = None) -> str:
    """The page of the executed notebook ``path`` (see the module docstring); relative
    images in its Markdown cells are found in ``images_folder``."""
    path = Path(path)
    nb = copy.deepcopy(nbformat.read(path, as_version=4))
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            markdown = data.pop("text/markdown", None)
            if markdown is not None and "text/html" not in data:
                data["text/html"] = markdown_html(markdown if isinstance(markdown, str) else "".join(markdown))
    resources = {"metadata": {"path": str(images_folder)}} if images_folder else {}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    title = f"{notebook_title(path)}: the executed notebook {path.name}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(title)}</title>",
            f"<style>{PAGE_CSS}{_code_css()}</style>",
            "</head>",
            "<body>",
            '<main id="main">',
            f'<p class="about">The notebook <code>{html.escape(path.name)}</code> as the build ran it: '
            "its code and what each cell showed. It reads the figures of this folder's "
            '<code>figures.parquet</code>; <a href="../report.html">the report</a> shows its outputs.</p>',
            body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write_notebook_pages(
    folder: Path, images_folder: Path | None = None, reuse: Iterable[str] = (), previous: Path | None = None
) -> list[Path]:
    """Write the page of every executed notebook in ``folder`` beside it and return the
    pages. The notebooks named in ``reuse`` (stems), unchanged since the build whose
    notebooks folder is ``previous``, get that build's page when it has one."""
    pages = []
    for notebook in sorted(Path(folder).glob("*.ipynb")):
        page = notebook.with_name(notebook_page_name(notebook))
        earlier = Path(previous) / page.name if previous else None
        if notebook.stem in set(reuse) and earlier is not None and earlier.is_file():
            shutil.copy2(earlier, page)
        else:
            page.write_text(notebook_page(notebook, images_folder), encoding="utf-8")
        pages.append(page)
    return pages
