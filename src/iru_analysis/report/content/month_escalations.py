"""Monthly report: month_escalations (recipes to come)."""
