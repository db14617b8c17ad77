"""The quarter-by-quarter timeline of a goal's updates and their reviews."""


def goal_timeline_context(goal, user) -> dict:
    """Context for templates/targets/goal/_timeline.html and _milestones.html (being extended)."""
    return {}
