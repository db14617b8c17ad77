"""
``manage.py smoke_test``: after a restore or an upgrade, check that the data
reads and the main pages render, without a browser and without writing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.test.utils import setup_test_environment

from accounts.choices import Role
from accounts.models import User
from targets.models import Department, Goal, Plan, QuarterlyUpdate
from targets.selectors.plans import followed_plans


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Count the plan data and render the dashboard, a department and a goal (nothing kept)."

    def handle(self, *args, **options):
        counts = {
            "plans": Plan.objects.count(),
            "departments": Department.objects.count(),
            "goals": Goal.objects.count(),
            "updates": QuarterlyUpdate.objects.count(),
            "users": User.objects.count(),
        }
        self.stdout.write(", ".join(f"{n} {name}" for name, n in counts.items()))
        setup_test_environment()  # lets the test client talk to 'testserver'
        pages = ["/dashboard/"]
        department = Department.objects.filter(assignments__isnull=False).first()
        # A goal of a published plan: a supervisor does not see a draft's.
        goal = Goal.objects.filter(plan__in=followed_plans()).first()
        if department:
            pages.append(f"/departments/{department.pk}/")
        if goal:
            pages.append(f"/goals/{goal.pk}/")
        try:
            with transaction.atomic():
                # A throwaway supervisor sees every page; the transaction is rolled back.
                viewer = User.objects.create(username="smoke-test-viewer", role=Role.SUPERVISOR)
                client = Client()
                client.force_login(viewer)
                for page in pages:
                    status = client.get(page).status_code
                    self.stdout.write(f"GET {page} → {status}")
                    if status != 200:
                        raise CommandError(f"{page} answered {status}.")
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(self.style.SUCCESS("Smoke test passed."))
