"""Project paths, derived from the package's own location (never the working directory)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_DATA = PROJECT_ROOT / "data" / "demo"
DEMO_RETURNS = PROJECT_ROOT / "data" / "demo-returns"  # demo-data --as-returns (not committed)
PARAMS = PROJECT_ROOT / "params"
NOTEBOOKS = PROJECT_ROOT / "notebooks"
OUTPUTS = PROJECT_ROOT / "outputs"
