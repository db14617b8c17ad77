"""
``Owners``: who answers for a task as a 分解方案 writes it (lead units, co
units, leaders, deadline), and how two records of one task are put together
(``merge`` fills gaps, ``union`` names everyone).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Owners:
    """
    Who answers for a task, as written: lead units (牵头单位), co units
    (配合/责任单位), responsible leaders (责任领导, people's names) and the
    deadline as written ("12月底前").
    """

    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    deadline: str | None = None
    # True when ``lead`` is only the first name of a 责任单位 list, with no
    # 牵头单位 given: an explicit lead found elsewhere outranks it in merge().
    lead_by_order: bool = field(default=False, compare=False, repr=False)

    @property
    def is_empty(self) -> bool:
        return not (self.lead or self.co or self.leaders or self.deadline)

    def merge(self, other: Owners) -> Owners:
        """
        A new Owners with what this one leaves empty filled from ``other``.

        Lines of a 分解方案 often give the lead on one line and the 责任单位 on
        the next; a 责任单位 list then names co units only, so when this one has
        an explicit lead, ``other``'s order-inferred lead joins the co units.
        """
        lead, co = list(self.lead), list(self.co)
        other_lead, other_co = list(other.lead), list(other.co)
        lead_by_order = self.lead_by_order
        if lead and other.lead_by_order and not self.lead_by_order:
            other_co = other_lead + other_co
            other_lead = []
        elif self.lead_by_order and other_lead and not other.lead_by_order:
            # The explicit lead wins; ours were co units after all.
            co = unique_names(lead + co)
            lead, lead_by_order = [], False
        if not lead:
            lead, lead_by_order = other_lead, other.lead_by_order
        if not co:
            co = [name for name in other_co if name not in lead]
        return Owners(
            lead=lead,
            co=co,
            leaders=list(self.leaders or other.leaders),
            deadline=self.deadline or other.deadline,
            lead_by_order=lead_by_order,
        )

    def union(self, other: Owners) -> Owners:
        """
        A new Owners naming everyone either names, as two rows of one task do
        (its task cell merged down over both): a unit that leads in either
        leads, the first deadline stands.
        """
        lead = unique_names(self.lead + other.lead)
        return Owners(
            lead=lead,
            co=[n for n in unique_names(self.co + other.co) if n not in lead],
            leaders=unique_names(self.leaders + other.leaders),
            deadline=self.deadline or other.deadline,
        )


def unique_names(names: list[str]) -> list[str]:
    """The names in the order first written, each once."""
    return list(dict.fromkeys(names))
