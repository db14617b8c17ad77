"""
Writes that are more than one ``save()``, one module per concern, and nothing
else writes (reads are in ``targets.selectors``). Each service checks the rules
that do not depend on a form (who may write, ``targets.rules``; which quarter),
so commands and imports cannot bypass them, and runs in one transaction.

- ``updates``: a quarterly update written (the one write path of the form, the
  workbook upload and commands), and what changed under an open form;
- ``review``: approving and returning updates (督查审核);
- ``periods``: reporting periods opened, due dates moved, closed and reopened;
- ``milestones``: the progress owners expect per quarter (序时进度);
- ``discussion``: comments on goals, evidence attached to updates;
- ``reminders``: e-mails to departments that have not reported (催报), and their due
  dates told through notifications (``deadline_notices_send``);
- ``notifications``: an event's inbox lines and outbox rows, written in the transaction
  that causes it (``notify``); marking read, preferences, resending;
- ``notification_delivery``: the outbox's worker (claims, batches, rates, retries);
- ``assessment``: the scoring scheme's versions, adjustments, publishing and withdrawing
  the results, objections and their answers (考核);
- ``archive``: archiving and restoring goals and plans, purging an archived plan;
- ``reorganisations``: departments renamed, merged and split (机构改革), as previewed;
- ``plan_imports``: a document read into a draft, previewed, corrected and applied;
- ``update_sheets``: the quarterly workbook's round trip (download, upload, apply);
- ``account_imports``: departments and accounts from a workbook, with first passwords;
- ``year_end``: final results, the year closed and reopened, goals carried on (and
  ``require_year_open``, which every write to a plan's goals asks);
- ``claims``: next year's review imported as claims matched to the plan's targets,
  and the office confirming or correcting a match;
- ``common``: what every service does the same way (recording who and why).
"""
