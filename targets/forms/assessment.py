"""
The assessment (考核): its scoring scheme with the chapters' and goals'
weights, an adjustment (加分 / 减分), an objection (申诉) and its answer, and
the reason a publication or an adjustment is withdrawn.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import AssessmentScheme, Department
from ..services.assessment import MAX_ADJUSTMENT, TEXT_MAX_LENGTH

REASON_ERRORS = {
    "required": _("Say why."),
    "max_length": _("Keep it to %(limit_value)s characters."),
}


def _reason(label, help_text=""):
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages=REASON_ERRORS,
    )


class AssessmentSchemeForm(forms.ModelForm):
    """
    The scheme's numbers, a weight for each chapter, the goals weighed
    otherwise (one "code weight" a line), and what changed. ``based_on``:
    the version shown, so a save over someone else's is refused.
    """

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    goal_weights = forms.CharField(
        label=_("Goals weighed otherwise"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2.1.1 1.5"}),
        help_text=_("One goal a line: its code and its weight, e.g. “2.1.1 1.5”. Unlisted: 1."),
    )

    class Meta:
        model = AssessmentScheme
        fields = [*AssessmentScheme.NUMBERS, "note"]

    def __init__(self, *args, chapters=(), goals=None, weights=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals or {}  # code → goal id
        codes = {pk: code for code, pk in self.goals.items()}
        self.chapters = list(chapters)
        chapter_weights = {w.section_id: w.weight for w in weights if w.section_id}
        for chapter in self.chapters:
            self.fields[f"chapter_{chapter.pk}"] = forms.DecimalField(
                label=str(chapter),
                min_value=0,
                max_digits=7,
                decimal_places=2,
                initial=chapter_weights.get(chapter.pk, Decimal(1)),
            )
        if not self.is_bound:
            self.initial["goal_weights"] = "\n".join(
                f"{codes[w.goal_id]} {w.weight.normalize():f}"
                for w in weights
                if w.goal_id in codes
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["partial_rule"].widget.attrs["class"] = "form-select form-select-sm"

    def chapter_fields(self):
        return [self[f"chapter_{chapter.pk}"] for chapter in self.chapters]

    def number_fields(self):
        return [self[name] for name in AssessmentScheme.NUMBERS]

    def clean_goal_weights(self) -> dict[int, Decimal]:
        weights, errors = {}, []
        for number, line in enumerate(self.cleaned_data["goal_weights"].splitlines(), start=1):
            parts = line.replace("\u3000", " ").split()
            if not parts:
                continue
            if len(parts) != 2 or parts[0] not in self.goals:
                errors.append(
                    gettext("Line %(line)s: write a goal's code and a weight, e.g. “2.1.1 1.5”.")
                    % {"line": number}
                )
                continue
            try:
                weight = Decimal(parts[1])
            except InvalidOperation:
                weight = Decimal(-1)
            if not weight.is_finite() or weight < 0 or weight >= 10000:
                errors.append(
                    gettext("Line %(line)s: the weight must be a number of 0 or more.")
                    % {"line": number}
                )
                continue
            weights[self.goals[parts[0]]] = weight
        if errors:
            raise forms.ValidationError(errors)
        return weights

    def chapter_weights(self) -> dict[int, Decimal]:
        return {c.pk: self.cleaned_data[f"chapter_{c.pk}"] for c in self.chapters}

    def numbers(self) -> dict:
        return {name: self.cleaned_data[name] for name in AssessmentScheme.NUMBERS}


class AdjustmentForm(forms.Form):
    """Points added or taken off a department by the office, with the reason and evidence."""

    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), empty_label=None
    )
    points = forms.DecimalField(
        label=_("Points"),
        max_digits=7,
        decimal_places=2,
        min_value=-MAX_ADJUSTMENT,
        max_value=MAX_ADJUSTMENT,
        help_text=_("Positive to add (加分), negative to take off (减分)."),
    )
    reason = _reason(_("Reason"))
    evidence = forms.FileField(label=_("Evidence"), required=False)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def clean_points(self):
        points = self.cleaned_data["points"]
        if not points:
            raise forms.ValidationError(gettext("An adjustment of 0 points changes nothing."))
        return points


class WithdrawForm(forms.Form):
    """Why a publication or an adjustment is withdrawn: required, recorded."""

    reason = _reason(_("Why"), _("Recorded with your name and the time."))


class ObjectionForm(forms.Form):
    """A department's objection (申诉): what it objects to, and why."""

    reason = _reason(
        _("Your objection"),
        _("Say which points you object to and why; the office answers on this page."),
    )


class ObjectionAnswerForm(forms.Form):
    """The office's answer to an objection: upheld or not, and why."""

    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Uphold it")), ("0", _("Do not uphold it"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the objection is upheld.")},
    )
    answer = _reason(_("Answer"))
