"""The charts and change history on a goal's page (being written)."""


def goal_charts_context(goal, user) -> dict:
    """Context for templates/targets/goal/_charts.html and _history.html."""
    return {}
