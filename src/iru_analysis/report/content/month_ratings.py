"""Monthly report: month_ratings (recipes to come)."""
