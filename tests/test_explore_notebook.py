"""The starter notebook, notebooks/explore/01_start_here.ipynb, runs on the demo data.

It is not part of the report (the build runs only ``NN_<section>.ipynb`` in notebooks/),
so it is run here, in a fresh kernel, as an analyst would open it.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from iru_analysis.paths import DEMO_DATA, NOTEBOOKS
from iru_analysis.report.run import section_notebooks

STARTER = NOTEBOOKS / "explore" / "01_start_here.ipynb"


def test_starter_notebook_is_not_a_report_section():
    assert STARTER not in section_notebooks(NOTEBOOKS)


@pytest.mark.slow
@pytest.mark.skipif(not DEMO_DATA.is_dir(), reason="no demo data folder")
def test_starter_notebook_runs_and_its_cut_adds_up_to_the_report():
    nb = nbformat.read(STARTER, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(STARTER.parent)}}
    ).execute()
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    # demo 2015-16: 882 reviews held, 795 within timescale, whichever way they are cut
    assert "882 reviews held, 795 within timescale (report: 882 and 795)" in printed
