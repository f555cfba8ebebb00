"""Project paths, derived from the package's own location (never the working directory)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = PROJECT_ROOT / "data" / "demo"
DEMO_RETURNS = PROJECT_ROOT / "data" / "demo-returns"  # demo-data --as-returns (not committed)
PARAMS = PROJECT_ROOT / "params"
NOTEBOOKS = PROJECT_ROOT / "notebooks"
OUTPUTS = PROJECT_ROOT / "outputs"
# A file of this name in a data folder marks its records as made up (the demo data): every
# format of a report built from it carries a "synthetic data" banner (docs/data-folder.md).
SYNTHETIC_MARKER = "SYNTHETIC"
