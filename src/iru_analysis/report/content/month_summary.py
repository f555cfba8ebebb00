"""Monthly report: month_summary (recipes to come)."""
