"""
Forms, one module per concern:

- ``periods``: the year and quarter a page shows; a reporting period's due date,
  closing and reopening it; a goal's milestones (序时进度);
- ``updates``: the quarterly update (季度进展);
- ``review``: approving or returning an update, and the review queue's filter;
- ``plan_imports``: a document to read into a plan draft, and the draft's corrections;
- ``update_sheets``: a filled quarterly workbook to upload;
- ``assessment``: the scoring scheme, an adjustment, an objection and its answer (考核).
- ``reorganisations``: renaming, merging and splitting departments (机构改革).
"""
