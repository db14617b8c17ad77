"""
``manage.py load_demo``: load the Hongshan 2023 demo plan, its quarterly
updates and the demo accounts, then print what was loaded and how to sign in.
Safe to run again: it brings the demo back to its original state.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from targets.demo import hongshan_2023
from targets.demo.loader import DemoLoadError, demo_load
from targets.models import Indicator, Plan, QuarterlyUpdate

DEFAULT_PASSWORD = "luoshi2023"


class Command(BaseCommand):
    help = (
        "Load the Hongshan 2023 demo: departments, leaders, the plan with its goals and "
        "indicators, Q1–Q3 updates, the year's assessment (published, one objection "
        "answered), and one account per department plus supervisor, leader and admin, all "
        "with the same password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password of every demo account (default: {DEFAULT_PASSWORD}).",
        )
        parser.add_argument(
            "--accounts-json",
            metavar="FILE",
            help="Also write the accounts to FILE as a JSON list of "
            '{"username", "role", "department"}.',
        )

    def handle(self, *args, password, accounts_json, **options):
        if not password:
            raise CommandError("The password cannot be empty.")
        # The file is written inside the transaction so that a path that
        # cannot be written leaves the database as it was.
        with transaction.atomic():
            try:
                accounts = demo_load(password=password)
            except DemoLoadError as exc:
                raise CommandError(str(exc)) from exc
            if accounts_json:
                self._write_accounts(Path(accounts_json), accounts)

        self._print_summary()
        self._print_accounts(accounts, password)
        if accounts_json:
            self.stdout.write(f"Accounts written to {accounts_json}.")

    def _write_accounts(self, path: Path, accounts) -> None:
        rows = [
            {"username": a.username, "role": a.role, "department": a.department} for a in accounts
        ]
        try:
            path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", "utf-8")
        except OSError as exc:
            raise CommandError(
                f"Cannot write the accounts to {path}: {exc.strerror or exc}. Nothing was loaded."
            ) from exc

    def _print_summary(self) -> None:
        plan = Plan.objects.get(**hongshan_2023.PLAN)
        goals = plan.goals.count()
        indicators = Indicator.objects.filter(goal__plan=plan).count()
        updates = QuarterlyUpdate.objects.filter(goal__plan=plan).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {plan.title}: {len(hongshan_2023.DEPARTMENTS)} departments, "
                f"{goals} goals, {indicators} indicators, {updates} quarterly updates."
            )
        )

    def _print_accounts(self, accounts, password: str) -> None:
        # Department names are CJK (two columns wide in a terminal), so they
        # go last, where they need no padding.
        header = ("username", "role", "department")
        rows = [(a.username, a.role, a.department) for a in accounts]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in (0, 1)]
        self.stdout.write("")
        rule = ("-" * widths[0], "-" * widths[1], "-" * len(header[2]))
        for username, role, department in [header, rule, *rows]:
            line = f"{username:<{widths[0]}}  {role:<{widths[1]}}  {department}"
            self.stdout.write(line.rstrip())
        self.stdout.write("")
        self.stdout.write(f"Password of every account: {password}")
