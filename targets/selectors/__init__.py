"""
Reads that are more than one queryset, one module per concern (writes are in
``targets.services``). Every function takes querysets already narrowed by
``visible_to(user)``, or the user, and runs a fixed number of queries
whatever the number of goals or departments.

- ``plans``: which plan and quarter a page shows, the quarters that can be reported;
- ``states``: a goal's state as of a quarter (统计口径) and the tally of goals by state;
- ``periods``: due dates (the one ``deadline``), closed periods, what was reported;
- ``dashboard``: the dashboard's figures (领导驾驶舱); ``dashboard_cache`` keeps them;
- ``page_cache``: what the department and goal pages' kept content and ETags are keyed by
  (the data fingerprint, a goal's fingerprint, the user's scope);
- ``compiled``: queries compiled to SQL once per process and run with each request's value
  (a goal page's rows);
- ``goals``: lists of goals (a department's, the plan's, a leader's, the plan export's), and
  one goal with what its page shows;
- ``updates``: a goal's updates for its page, each goal's latest reports;
- ``review``: the queue of updates waiting for review;
- ``chasing``: goals not reported and updates sent late (催报);
- ``bulletin``: the quarterly bulletin's figures (督查通报);
- ``history``: a goal's change history (修改记录);
- ``assessment``: the facts the assessment's scoring reads, and its scorecard (考核);
  ``scorecard``: the results as pages and exports show them, and each line in words;
- ``departments``: finding departments by the names documents give them;
- ``year_end``: whether a year is closed, goals after the last quarter with their
  suggested and confirmed final results, last approved values, a goal's line across years;
- ``claims``: a claims check side by side (target, reported, claimed, verdict);
- ``organisation``: the departments and goals' owners as they stood at a quarter's end,
  across reorganisations;
- ``reorganisations``: what a rename, merge or split would do (its preview), and the records;
- ``plan_imports``: an import's preview (the draft as rows, the owners table, counts) and
  what confirming did, in one set of words;
- ``account_imports``: what a list of departments and accounts would change, and its mistakes;
- ``setup``: what is done and missing before a quarter can open (the setup page);
- ``notifications``: a user's inbox and its filters, the bell's count, each event's sentence.
"""
