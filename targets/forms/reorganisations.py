"""
Reorganisations (机构改革): renaming a department, merging several into one,
splitting one into several. Each form gives a ``Proposal``, previewed and then
applied by ``services.reorganisations``; what it would change is decided
there, so the forms only read what the administrator typed.
"""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ReorganisationKind
from ..models import Department
from ..selectors.reorganisations import NewUnit, Proposal

NAME_LENGTH = Department._meta.get_field("name").max_length
SHORT_NAME_LENGTH = Department._meta.get_field("short_name").max_length
REASON_MAX_LENGTH = 2000
NEW = "new"
# "洪山区数据局，区数据局": a name and, after a comma (either width), its short name.
NAME_SEPARATOR = re.compile(r"[,，]")


def _active_departments():
    return Department.objects.filter(active=True)


class DepartmentChoiceField(forms.ModelChoiceField):
    """A department by its full name, which tells 区科技局 and 区科协 apart."""

    def label_from_instance(self, obj):
        return obj.name


class DepartmentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ReorganisationForm(forms.Form):
    """What every reorganisation says: when it took effect and why."""

    kind: str = ""

    effective_on = forms.DateField(
        label=_("Takes effect on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Reports and bulletins of quarters that end before this day show the departments "
            "as they were."
        ),
        error_messages={
            "invalid": _("Enter a date such as 2024-01-01."),
            "required": _("Enter a date such as 2024-01-01."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the record, e.g. the document that decided it."),
        error_messages={"required": _("Give the reason for the reorganisation.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"effective_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"

    def base(self) -> dict:
        return {
            "kind": self.kind,
            "effective_on": self.cleaned_data["effective_on"],
            "reason": self.cleaned_data["reason"],
        }


class RenameForm(ReorganisationForm):
    """A department's new names; its old ones stay recognised in imports."""

    kind = ReorganisationKind.RENAME

    department = DepartmentChoiceField(
        queryset=_active_departments(),
        label=_("Department"),
        error_messages={"invalid_choice": _("Choose a department that is not archived.")},
    )
    name = forms.CharField(label=_("New name"), max_length=NAME_LENGTH)
    short_name = forms.CharField(
        label=_("New short name"),
        max_length=SHORT_NAME_LENGTH,
        required=False,
        help_text=_("The name used in tables, e.g. 区科技局."),
    )
    field_order = ["department", "name", "short_name", "effective_on", "reason"]

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        return Proposal(
            **self.base(),
            department=data["department"],
            name=data["name"],
            short_name=data["short_name"],
        )


class MergeForm(ReorganisationForm):
    """Two or more departments become one: one of them, or a new unit."""

    kind = ReorganisationKind.MERGE

    departments = DepartmentsField(
        queryset=_active_departments(),
        label=_("Departments merged"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose departments that are not archived."),
            "required": _("Choose two or more departments to merge."),
        },
    )
    into = forms.ChoiceField(label=_("Merged into"))
    new_name = forms.CharField(label=_("New unit's name"), max_length=NAME_LENGTH, required=False)
    new_short_name = forms.CharField(
        label=_("New unit's short name"), max_length=SHORT_NAME_LENGTH, required=False
    )
    new_code = forms.SlugField(
        label=_("New unit's code"),
        max_length=Department._meta.get_field("code").max_length,
        required=False,
        help_text=_("Letters, digits and hyphens, used in files; made up when left empty."),
    )
    field_order = [
        "departments",
        "into",
        "new_name",
        "new_short_name",
        "new_code",
        "effective_on",
        "reason",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [
            (NEW, _("A new unit")),
            *((str(d.pk), d.name) for d in _active_departments()),
        ]

    def clean(self):
        data = super().clean()
        chosen = data.get("departments")
        into = data.get("into")
        if into == NEW and not data.get("new_name", "").strip():
            self.add_error("new_name", _("Give the new unit's name."))
        elif into not in (None, NEW) and chosen is not None:
            if int(into) not in {d.pk for d in chosen}:
                self.add_error(
                    "into", _("Merge into one of the departments chosen, or into a new unit.")
                )
        return data

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        sources = list(data["departments"])
        if data["into"] == NEW:
            into = NewUnit(
                data["new_name"].strip(), data["new_short_name"].strip(), data["new_code"]
            )
        else:
            into = next(d for d in sources if d.pk == int(data["into"]))
        return Proposal(**self.base(), sources=sources, into=into)


class SplitForm(ReorganisationForm):
    """
    A department's goals and accounts shared out among several units, goal by
    goal: departments that exist (the department itself, if it goes on) and
    new units. The share is posted as ``goal-<pk>`` and ``account-<pk>``, each
    the index of a unit, from the preview's tables; the first unit otherwise.
    """

    kind = ReorganisationKind.SPLIT

    department = DepartmentChoiceField(
        queryset=_active_departments(),
        label=_("Department split"),
        error_messages={"invalid_choice": _("Choose a department that is not archived.")},
    )
    existing_units = DepartmentsField(
        queryset=_active_departments(),
        label=_("Departments that take a share"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the department itself if it goes on with some of its goals."),
        error_messages={"invalid_choice": _("Choose departments that are not archived.")},
    )
    new_units = forms.CharField(
        label=_("New units"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: the name, then a comma and the short name, e.g. 洪山区数据局，区数据局."
        ),
    )
    field_order = ["department", "existing_units", "new_units", "effective_on", "reason"]

    def clean_new_units(self) -> list[NewUnit]:
        units = []
        for number, line in enumerate(self.cleaned_data["new_units"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in NAME_SEPARATOR.split(line)]
            if len(parts) > 2 or not parts[0]:
                raise forms.ValidationError(
                    _("Line %(line)s: write the name, then a comma and the short name.")
                    % {"line": number}
                )
            name, short_name = parts[0], parts[1] if len(parts) == 2 else ""
            if len(name) > NAME_LENGTH or len(short_name) > SHORT_NAME_LENGTH:
                raise forms.ValidationError(
                    _(
                        "Line %(line)s: a name has at most %(name)s characters, "
                        "a short name %(short)s."
                    )
                    % {"line": number, "name": NAME_LENGTH, "short": SHORT_NAME_LENGTH}
                )
            units.append(NewUnit(name, short_name))
        return units

    def clean(self):
        data = super().clean()
        self.shares = {"goal": {}, "account": {}}
        for key, value in self.data.items():
            kind, _sep, pk = key.partition("-")
            if kind not in self.shares or not pk.isdigit():
                continue
            if not value.isdigit():
                raise forms.ValidationError(_("Choose a unit for each goal and account."))
            self.shares[kind][int(pk)] = int(value)
        return data

    def parts(self) -> list[Department | NewUnit]:
        """The units, in the order the preview's choices list them: departments first."""
        department = self.cleaned_data["department"]
        existing = sorted(
            self.cleaned_data["existing_units"],
            key=lambda d: (d.pk != department.pk, d.order, d.code),
        )
        return [*existing, *self.cleaned_data["new_units"]]

    def proposal(self) -> Proposal:
        return Proposal(
            **self.base(),
            department=self.cleaned_data["department"],
            parts=self.parts(),
            goal_parts=self.shares["goal"],
            account_parts=self.shares["account"],
        )


FORMS = {form.kind: form for form in (RenameForm, MergeForm, SplitForm)}
