"""
Reading and writing plan documents, with no HTTP and no ORM in the core:
work-report text, Word documents and (later) Excel decomposition tables
become a ``PlanDraft`` that a person checks before it is applied.
"""
