"""iru_analysis: an Independent Reviewing Unit's annual report from record-level data.

Data flows one way: load and validate a data folder (``iru_analysis.load``) into a
``Dataset``, compute measures (``iru_analysis.measures``), collect them as the tidy
figures table (``iru_analysis.figures``), then run and stitch the section notebooks
(``iru_analysis.report``).
"""

__version__ = "0.1.0"
