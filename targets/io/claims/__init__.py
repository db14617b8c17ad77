"""
Next year's report against this year's promises: the review of the past year
(过去一年…净增高企102家…) read into claims, and each claim matched to one of
this year's targets by subject and unit. Pure Python, like the rest of
``targets.io``: the service puts the database on either side.

- ``reader``: ``read_claims``, the numbers a review states about the past
  year, each with what it counts (the indicator extractor's reading);
- ``matching``: ``match_claims``, each claim's target (same unit or one
  convertible to it, the most similar subject), and ``judge``, the verdict
  of a claimed value against the value reported during the year.
"""

from .matching import Target, convert, judge, match_claims, subject_similarity
from .reader import ClaimDraft, read_claims

__all__ = [
    "ClaimDraft",
    "Target",
    "convert",
    "judge",
    "match_claims",
    "read_claims",
    "subject_similarity",
]
