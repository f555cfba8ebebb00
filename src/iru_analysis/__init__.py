"""iru_analysis: an Independent Reviewing Unit's annual report from record-level data.

Data flows one way: load and validate a data folder (``iru_analysis.load``) into a
``Dataset``, compute measures (``iru_analysis.measures``), collect them as the tidy
figures table (``iru_analysis.figures``), write them once as the figures bundle
(``iru_analysis.bundle``), then run and stitch the section notebooks
(``iru_analysis.report``), which read the bundle.

pandas stores text the same way whether or not pyarrow is installed (pyarrow writes the
bundle's Parquet files; left alone, its presence would switch pandas' default text type
to pyarrow storage, whose arithmetic with object columns differs).
"""

import pandas as _pd

_pd.set_option("mode.string_storage", "python")

__version__ = "0.1.0"
