"""
``manage.py import_plan FILE``: read a work report or 分解方案 (.txt, .md,
.docx, .pdf) or a decomposition table (.xlsx, .xls, .ods) and apply it as a
plan, or with ``--dry-run`` only show what would be imported. A file that
cannot be read stops the command with one clear line.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import audit
from accounts.choices import AuditAction
from targets.formatting import format_number
from targets.io.documents import read_plan
from targets.io.files import DocumentError
from targets.management.files import read_file
from targets.models import MAX_YEAR, MIN_YEAR
from targets.services.plan_imports import goal_codes, plan_import

MAX_BYTES = 10 * 1024 * 1024  # the web upload's cap too (targets.forms.MAX_UPLOAD_BYTES)


def warning_line(warning) -> str:
    where = f"{warning.where}: " if warning.where else ""
    return f"warning: {where}{warning.message}"


class Command(BaseCommand):
    help = (
        "Import a plan from a work report or decomposition plan (.txt, .md, .docx, .pdf) or a "
        "decomposition table (.xlsx, .xls, .ods). With --dry-run nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The document to read.")
        parser.add_argument("--year", type=int, help="The plan's year (else read from the text).")
        parser.add_argument("--title", help="The plan's title (else read from the text).")
        parser.add_argument("--dry-run", action="store_true", help="Show the draft; write nothing.")
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="How to show the draft with --dry-run (default: text).",
        )
        parser.add_argument(
            "--activate",
            action="store_true",
            help="Make the plan the active one for its year (else a new plan is a draft).",
        )

    def handle(self, *args, file, year, title, dry_run, format, activate, **options):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"--year must be between {MIN_YEAR} and {MAX_YEAR}.")
        draft = self.read(Path(file), year=year, title=title or "")

        if dry_run:
            if format == "json":
                self.stdout.write(json.dumps(draft.to_dict(), ensure_ascii=False, indent=2))
            else:
                self.print_draft(draft)
            return

        try:
            result = plan_import(draft, source_name=Path(file).name, activate=activate)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        audit.record_command(
            AuditAction.PLAN_IMPORTED, target=result.plan, details={"file": Path(file).name}
        )
        for warning in draft.warnings:
            self.stderr.write(warning_line(warning))
        self.stdout.write(self.style.SUCCESS(f"{result.plan}: {result.summary()}"))
        for kept in result.kept:
            self.stdout.write(f"kept (has reported values): {kept}")

    def read(self, path: Path, *, year, title):
        data = read_file(path, MAX_BYTES)
        try:
            return read_plan(path.name, data, year=year, title=title, max_bytes=MAX_BYTES)
        except DocumentError as error:
            raise CommandError(f"{path.name}: {error}") from error

    def print_draft(self, draft) -> None:
        """The draft as an outline a person can read in a terminal."""
        out = self.stdout.write
        out(f"{draft.title or '(no title)'} · {draft.year or '(no year)'}")
        codes = {id(goal): code for goal, code, _ in goal_codes(draft)}

        def goal_lines(goals, indent):
            for goal in goals:
                owners = "、".join(goal.lead_departments) or "—"
                if goal.co_departments:
                    owners += " / " + "、".join(goal.co_departments)
                out(f"{indent}{codes[id(goal)]} {goal.text}")
                out(f"{indent}    owners: {owners}  deadline: {goal.deadline or '—'}")
                for indicator in goal.indicators:
                    value = format_number(indicator.value)
                    if indicator.value_max is not None:
                        value += "–" + format_number(indicator.value_max)
                    out(
                        f"{indent}    target: {indicator.name} {indicator.comparator} "
                        f"{value} {indicator.unit}   «{indicator.phrase}»"
                    )

        goal_lines(draft.goals, "")

        def section_lines(sections, indent):
            for section in sections:
                leaders = f"  (leaders: {'、'.join(section.leaders)})" if section.leaders else ""
                out(f"{indent}§ {section.number}{section.title}{leaders}")
                goal_lines(section.goals, indent + "  ")
                section_lines(section.sections, indent + "  ")

        section_lines(draft.sections, "")
        goals = draft.all_goals()
        targets = sum(len(g.indicators) for g in goals)
        out(f"{len(goals)} goals, {targets} targets, {len(draft.warnings)} warnings")
        for warning in draft.warnings:
            out(warning_line(warning))
