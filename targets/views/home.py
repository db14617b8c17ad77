from django.shortcuts import redirect
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    """Send each role where it works: staff to their department, everyone else to the dashboard."""
    user = request.user
    if user.is_department_staff and user.department_id:
        return redirect("targets:department_detail", pk=user.department_id)
    return redirect("targets:dashboard")
