"""
Reviewing quarterly updates (督查审核), the reads: the queue of updates waiting
for review, oldest first, and the review card of an update — everything the
supervision office judges it by: the figures against expected progress and the
suggested status, every indicator against its target, the narrative, the
evidence, and what changed since the goal's last approved update.

The card is computed in Python from rows already loaded (``review_queue``'s
prefetches, or ``updates.goal_updates`` on a goal's page), so a page of cards
costs a fixed number of queries whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from ..choices import OwnerRole, ReviewState
from ..formatting import format_number, format_quantity, format_target
from ..models import (
    Goal,
    GoalDepartment,
    Indicator,
    QuarterlyUpdate,
    UpdateAttachment,
)
from ..progress import indicator_met, indicator_progress
from ..services.discussion import display_name

# The narrative the office reads, in the order the form asks for it.
NARRATIVE = (
    ("progress", _("Progress")),  # 进展情况
    ("problems", _("Problems")),  # 存在问题
    ("next_steps", _("Next steps")),  # 下步计划
)

# A text longer than this folds to its first PREVIEW characters with a "more"
# toggle (<details>: no script needed); the card stays readable in a queue of
# fifty, and nothing is cut off.
FOLD_AFTER = 240
PREVIEW = 120


def review_queue(user):
    """
    The updates ``user`` may see that wait for review, oldest first, with all
    a review card reads: the goal, its lead departments (``leads``), its
    indicators and approved updates (``approved_updates``, newest first, with
    their actual values: the card's baseline), who sent the update, its
    actual values and its evidence. Slice it (a page), then ``review_cards``.
    """
    approved = (
        QuarterlyUpdate.objects.filter(review_state=ReviewState.APPROVED)
        .order_by("-year", "-quarter")
        .prefetch_related("actuals")
    )
    return (
        QuarterlyUpdate.objects.visible_to(user)
        .filter(review_state=ReviewState.SUBMITTED)
        .select_related("goal", "submitted_by")
        .prefetch_related(
            Prefetch(
                "goal__assignments",
                queryset=GoalDepartment.objects.filter(role=OwnerRole.LEAD).select_related(
                    "department"
                ),
                to_attr="leads",
            ),
            "goal__indicators",
            Prefetch("goal__updates", queryset=approved, to_attr="approved_updates"),
            "actuals",
            Prefetch(
                "attachments", queryset=UpdateAttachment.objects.select_related("uploaded_by")
            ),
        )
        .order_by("submitted_at", "pk")
    )


def led_by(updates, department):
    """``updates`` narrowed to the goals ``department`` leads (none for no department)."""
    return updates.filter(goal__in=Goal.objects.of_department(department, OwnerRole.LEAD))


@dataclass
class IndicatorLine:
    """One indicator on a card: its target, this update's value and the baseline's."""

    indicator: Indicator
    value: Decimal | None  # None: not reported in this update
    previous: Decimal | None  # in the baseline update; None: no baseline or not reported there
    has_baseline: bool

    @property
    def target(self) -> str:
        return format_target(self.indicator)

    @property
    def value_display(self) -> str:
        return format_quantity(self.value, self.indicator.unit)

    @property
    def previous_display(self) -> str:
        return format_quantity(self.previous, self.indicator.unit)

    @property
    def met(self) -> bool:
        return indicator_met(self.indicator, self.value)

    @property
    def progress(self) -> str:
        """How far toward the target, "68.5" (percent), or "" when nothing was reported."""
        share = indicator_progress(self.indicator, self.value)
        return "" if share is None else format_number(share)

    @property
    def changed(self) -> bool:
        return self.has_baseline and self.previous != self.value


@dataclass
class NarrativePart:
    """进展情况, 存在问题 or 下步计划 of an update, folded when long."""

    name: str
    label: str
    text: str
    changed: bool | None  # None: no baseline to compare with

    @property
    def folds(self) -> bool:
        return len(self.text) > FOLD_AFTER

    @property
    def preview(self) -> str:
        return self.text[:PREVIEW].rstrip() + "…"


@dataclass
class ReviewCard:
    """
    What the supervision office judges an update by, and how it differs from
    the baseline: the goal's latest approved update of an earlier quarter
    (None for a goal's first approved-to-be report).
    """

    update: QuarterlyUpdate
    baseline: QuarterlyUpdate | None
    indicators: list[IndicatorLine] = field(default_factory=list)
    narrative: list[NarrativePart] = field(default_factory=list)
    # Set by the page shown again after a refused review: why, what changed
    # meanwhile, the comment typed (kept), and whether it was ticked.
    errors: list[str] = field(default_factory=list)
    changes: list = field(default_factory=list)
    comment: str = ""
    selected: bool = False

    @property
    def behind_by(self) -> int:
        """Percentage points behind expected progress (序时进度); 0 when not behind."""
        expected = self.update.expected_percent
        if expected is None:
            return 0
        return max(0, expected - self.update.percent_complete)

    @property
    def baseline_label(self) -> str:
        """ "上季度" when the baseline is the quarter before, else its quarter ("2023年第1季度")."""
        if self.baseline is None:
            return ""
        if self.baseline.period == self.update.period.previous():
            return str(_("Last quarter"))
        return str(self.baseline.period)

    @cached_property
    def evidence(self) -> list[UpdateAttachment]:
        """The files attached to the update, with a name fit to show (``display_name``)."""
        files = list(self.update.attachments.all())
        for attachment in files:
            attachment.display_name = display_name(attachment.original_name, fallback="—")
        return files

    @property
    def overridden(self) -> bool:
        """The department reported another status than the figures suggest."""
        update = self.update
        return bool(update.suggested_status) and update.suggested_status != update.status

    @property
    def status_changed(self) -> bool:
        return self.baseline is not None and self.baseline.status != self.update.status

    @property
    def percent_changed(self) -> bool:
        return (
            self.baseline is not None
            and self.baseline.percent_complete != self.update.percent_complete
        )

    @property
    def unchanged(self) -> bool:
        """
        Same status, share done and actual values as the baseline: the kind of
        update the office may approve together with others (the narrative may
        differ; it is shown changed or unchanged, not counted).
        """
        return (
            self.baseline is not None
            and not self.status_changed
            and not self.percent_changed
            and not any(line.changed for line in self.indicators)
        )

    @property
    def unmet(self) -> int:
        """How many indicators are not met yet."""
        return sum(1 for line in self.indicators if not line.met)


def review_card(update: QuarterlyUpdate, indicators, approved_updates) -> ReviewCard:
    """
    The card of ``update``, with the goal's ``indicators`` and its approved
    updates (any order; the latest of an earlier quarter is the baseline). No
    query when the update's actual values (and the baseline's) are prefetched.
    """
    earlier = [u for u in approved_updates if u.period < update.period and u.pk != update.pk]
    baseline = max(earlier, key=lambda u: u.period) if earlier else None
    values = {a.indicator_id: a.value for a in update.actuals.all()}
    previous = {a.indicator_id: a.value for a in baseline.actuals.all()} if baseline else {}
    lines = [
        IndicatorLine(
            indicator=indicator,
            value=values.get(indicator.pk),
            previous=previous.get(indicator.pk),
            has_baseline=baseline is not None,
        )
        for indicator in indicators
    ]
    narrative = [
        NarrativePart(
            name=name,
            label=str(label),
            text=getattr(update, name) or "",
            changed=None
            if baseline is None
            else (getattr(baseline, name) or "").strip() != (getattr(update, name) or "").strip(),
        )
        for name, label in NARRATIVE
    ]
    return ReviewCard(update=update, baseline=baseline, indicators=lines, narrative=narrative)


def review_cards(updates) -> list[ReviewCard]:
    """The cards of updates read by ``review_queue`` (a page of it). No query."""
    return [
        review_card(update, update.goal.indicators.all(), update.goal.approved_updates)
        for update in updates
    ]
