"""
Documents out: the Excel exports (a plan with its goals, owners, targets and
every quarter's progress; any table a page shows). They read through
``targets.selectors`` and write through ``targets.io.xlsx_write``; nothing
here writes to the database.

- ``common``: which plan and quarter an export covers, and the lines every
  sheet carries;
- ``plan``: the plan workbook (目标任务落实情况表);
- ``tables``: a django-tables2 table as it is shown;
- ``account_imports``: the list of departments and accounts to fill in.
- ``assessment``: the assessment's score table (考核得分表) and the contents of its
  Word 考核结果通报 (written by ``targets.io.assessment``).

The quarterly bulletin (督查通报) gathers its figures in
``targets.selectors.bulletin`` and is written by ``targets.io.bulletin``; the
quarterly fill-in workbook is ``targets.services.update_sheets``.
"""
