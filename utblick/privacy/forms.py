from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.forms import VersionedModelForm
from utblick.organisations.models import Organisation, Person

from .choices import RecordKind
from .models import RetentionRule

CASE_NUMBER_HELP = _("The request's case number (diarienummer), if it has one. It goes into the log, never the name.")


def case_number_field() -> forms.CharField:
    return forms.CharField(label=_("Case number"), max_length=60, required=False, help_text=CASE_NUMBER_HELP)


class ExtractForm(forms.Form):
    case_number = case_number_field()


class CorrectionForm(VersionedModelForm):
    correct_history = forms.BooleanField(
        label=_("Also correct the old values in the change history and in texts that name the person"),
        required=False,
        initial=True,
        help_text=_(
            "Every earlier version and every text of the organisation that holds the wrong name, e-mail "
            "address or phone number gets the corrected one."
        ),
    )
    case_number = case_number_field()

    class Meta:
        model = Person
        fields = ["name", "title", "email", "phone"]


class ErasureForm(forms.Form):
    case_number = case_number_field()
    confirm = forms.BooleanField(
        label=_("I understand that the erasure cannot be undone"),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )


class RetentionRulesForm(forms.Form):
    """One row per kind of record: kept for how many years, decided where, history removed or kept."""

    def __init__(self, *args: Any, organisation: Organisation, rules: dict[str, RetentionRule], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.kinds = list(RecordKind)
        for kind in self.kinds:
            rule = rules[kind]
            self.fields[f"{kind}-years"] = forms.IntegerField(
                label=_("Years"),
                required=False,
                min_value=1,
                max_value=100,
                initial=rule.years,
                help_text=_("Empty: kept until the organisation decides otherwise."),
                error_messages={
                    "invalid": _("Write the number of years as a whole number, e.g. 5."),
                    "min_value": _("At least one year; leave the field empty to keep the records."),
                    "max_value": _("At most 100 years; leave the field empty to keep the records."),
                },
            )
            self.fields[f"{kind}-basis"] = forms.CharField(
                label=_("Decided in"),
                required=False,
                max_length=200,
                initial=rule.basis,
                help_text=_("E.g. the records management plan and its case number."),
            )
            self.fields[f"{kind}-removes_history"] = forms.BooleanField(
                label=_("Remove the change history too"), required=False, initial=rule.removes_history
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": kind,
                "label": kind.label,
                "years": self[f"{kind}-years"],
                "basis": self[f"{kind}-basis"],
                "removes_history": self[f"{kind}-removes_history"],
            }
            for kind in self.kinds
        ]

    def values(self) -> dict[str, dict[str, Any]]:
        return {
            kind: {
                "years": self.cleaned_data[f"{kind}-years"],
                "basis": self.cleaned_data[f"{kind}-basis"].strip(),
                "removes_history": self.cleaned_data[f"{kind}-removes_history"],
            }
            for kind in self.kinds
        }
