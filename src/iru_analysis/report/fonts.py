"""The report's typeface, installed by the project's own setup: Source Sans Pro.

The font files come with the PyPI package ``font-source-sans-pro`` (a dependency of the
project; the font is under the SIL Open Font License 1.1, which allows embedding it in
documents). Both the PDF and the charts use these files, not whatever fonts the machine has,
so the pages of ``report.pdf`` break at the same places on every machine:

* the PDF: :func:`font_face_css` gives the ``@font-face`` rules naming the files, which
  :mod:`.pdf` adds to the report's stylesheet; its URL fetcher allows this one folder
  (:func:`font_folder`) besides the build folder;
* the charts: :func:`register_with_matplotlib` adds the files to matplotlib's font list,
  and :mod:`.charts` draws with :data:`FAMILY` (glyphs as outlines in the SVG, so a browser
  needs no font to show them; as text in the copy the PDF prints, which embeds the font).

The HTML on screen uses the reader's own sans-serif fonts (its Content-Security-Policy
loads no font). :func:`font_record` names the family, files and version in ``provenance.json``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

FAMILY = "Source Sans Pro"
DISTRIBUTION = "font-source-sans-pro"
LICENCE = "SIL Open Font License 1.1"
# (font-style, font-weight) -> file in the package's font folder
FACES = {
    ("normal", 400): "SourceSansPro-Regular.ttf",
    ("normal", 700): "SourceSansPro-Bold.ttf",
    ("italic", 400): "SourceSansPro-It.ttf",
    ("italic", 700): "SourceSansPro-BoldIt.ttf",
}


def font_folder() -> Path:
    """The folder holding the font files, inside the installed package."""
    import font_source_sans_pro

    return Path(font_source_sans_pro.font_directory).resolve()


def font_files() -> list[Path]:
    """The four faces' files (regular, bold, italic, bold italic)."""
    folder = font_folder()
    return [folder / name for name in FACES.values()]


def font_face_css() -> str:
    """``@font-face`` rules declaring :data:`FAMILY` from the package's files (``file:`` URLs).

    >>> print(font_face_css().splitlines()[0])  # doctest: +ELLIPSIS
    @font-face { font-family: "Source Sans Pro"; font-style: normal; font-weight: 400; src: url("file:///.../SourceSansPro-Regular.ttf"); }
    """
    folder = font_folder()
    return "\n".join(
        f'@font-face {{ font-family: "{FAMILY}"; font-style: {style}; font-weight: {weight}; '
        f'src: url("{(folder / name).as_uri()}"); }}'
        for (style, weight), name in FACES.items()
    )


def font_version(path: Path) -> str:
    """The version a font file declares in its name table ("2.020" for "Version 2.020;PS 2.000;...").

    >>> font_version(font_files()[0])
    '2.020'
    """
    from fontTools.ttLib import TTFont

    declared = TTFont(path, lazy=True)["name"].getDebugName(5) or ""
    found = re.search(r"\d+(\.\d+)*", declared)
    return found.group(0) if found else declared


@cache
def register_with_matplotlib() -> None:
    """Add the font files to matplotlib's font list (once per process), so charts can name :data:`FAMILY`."""
    from matplotlib import font_manager

    for path in font_files():
        font_manager.fontManager.addfont(str(path))


def font_record() -> dict[str, Any]:
    """What ``provenance.json`` says of the typeface: family, package and its version, the
    version the font files declare, their names and licence."""
    files = font_files()
    return {
        "family": FAMILY,
        "package": DISTRIBUTION,
        "package_version": metadata.version(DISTRIBUTION),
        "font_version": font_version(files[0]),
        "files": [p.name for p in files],
        "licence": LICENCE,
    }
