"""Helpers shared by the model modules."""

MIN_YEAR = 2000
MAX_YEAR = 2100
