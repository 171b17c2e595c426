from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from utblick.core.formfields import form_field
from utblick.core.forms import VersionedModelForm
from utblick.core.models import Visitor
from utblick.organisations.forms import DateInput
from utblick.organisations.models import Organisation, Person
from utblick.organisations.permissions import units_writable_by
from utblick.strategies.models import Direction
from utblick.strategies.selectors import directions_in_force, themes_in_force

from .choices import DirectionFit, TargetGroup
from .models import (
    Advocacy,
    Agreement,
    AgreementReview,
    Attachment,
    BudgetLine,
    Engagement,
    Evaluation,
    Exchange,
    NetworkMembership,
    Partner,
    Project,
    Representation,
    Training,
    Trip,
    TripLeg,
    Visit,
    VisitAssessment,
)


def current_directions(organisation: Organisation):
    """The directions (and themes) of the organisation's strategy versions in force."""
    return directions_in_force(organisation), themes_in_force(organisation)


def _theme_label(theme: Any) -> str:
    return f"{theme.dimension.name}: {theme.name}"


class CountriesField(forms.CharField):
    """Country codes written as "NO, DK, FI"; stored as a list."""

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(value)
        return value or ""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # the field holds a list of codes
        text = super().to_python(value) or ""
        return [part.strip().upper() for part in text.replace(";", ",").split(",") if part.strip()]


class EngagementForm(VersionedModelForm):
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    countries = CountriesField(
        label=_("Countries"), required=False, help_text=_("Two-letter codes separated by commas, e.g. NO, DK, FI.")
    )
    shared = forms.BooleanField(
        label=_("Visible to other organisations in this installation"),
        required=False,
        help_text=_(
            "The partner network shows the kind, title, partners, countries, directions, stage, years and the "
            "responsible person's work e-mail to the other organisations here, so they can find you; never the "
            "description, results, money or attachments, and never a confidential engagement."
        ),
    )

    class Meta:
        model = Engagement
        fields = [
            "title",
            "owner_unit",
            "responsible",
            "status",
            "starts_on",
            "ends_on",
            "description",
            "directions",
            "themes",
            "target_groups",
            "sustainability",
            "partners",
            "countries",
            "expected_results",
            "achieved_results",
            "funding_considered",
            "funding_outcome",
            "case_number",
            "confidentiality",
            "confidentiality_ground",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "directions": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
            "achieved_results": forms.Textarea(attrs={"rows": 3}),
            "sustainability": forms.Textarea(attrs={"rows": 3}),
            "funding_considered": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, organisation: Organisation, user: Visitor, kind: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.instance.kind = kind
        form_field(self, "owner_unit", forms.ModelChoiceField).queryset = (
            units_writable_by(user, organisation).filter(is_active=True).order_by("name")
        )
        form_field(self, "responsible", forms.ModelChoiceField).queryset = Person.objects.filter(
            organisation=organisation
        ).order_by("name")
        directions, themes = current_directions(organisation)
        if self.instance.pk:
            # Keep directions of an older strategy version the engagement already has.
            directions = (directions | self.instance.directions.all()).distinct()
        form_field(self, "directions", forms.ModelChoiceField).queryset = directions
        form_field(self, "themes", forms.ModelChoiceField).queryset = themes
        form_field(self, "themes", forms.ModelChoiceField).label_from_instance = _theme_label  # type: ignore[method-assign, assignment]  # Django documents replacing it
        form_field(self, "partners", forms.ModelChoiceField).queryset = Partner.objects.filter(
            organisation=organisation
        ).order_by("name")
        self.fields["shared"].initial = (
            self.instance.is_shared if self.instance.pk else organisation.network_share_by_default
        )
        if not organisation.network_sharing:
            self.fields["shared"].help_text = _(
                "The organisation does not take part in the partner network yet: nothing is shown to others until "
                "a coordinator turns sharing on in the follow-up settings."
            )
        self.fields["partners"].required = False

    def clean_target_groups(self) -> list[str]:
        return list(self.cleaned_data.get("target_groups") or [])


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        exclude = ["engagement"]
        widgets = {"next_report_due": DateInput()}


class MembershipForm(forms.ModelForm):
    class Meta:
        model = NetworkMembership
        exclude = ["engagement"]
        widgets = {"representatives": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        form_field(self, "network", forms.ModelChoiceField).queryset = Partner.objects.filter(
            organisation=organisation
        ).order_by("name")
        form_field(self, "representatives", forms.ModelChoiceField).queryset = Person.objects.filter(
            organisation=organisation
        ).order_by("name")


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        exclude = ["engagement"]
        widgets = {"signed_on": DateInput()}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        form_field(self, "partner_city", forms.ModelChoiceField).queryset = Partner.objects.filter(
            organisation=organisation
        ).order_by("name")


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        exclude = ["engagement"]


class TripForm(forms.ModelForm):
    class Meta:
        model = Trip
        fields = [
            "travellers",
            "factor_set",
            "rail_considered",
            "digital_considered",
            "compensation",
            "compensation_reference",
        ]


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        exclude = ["engagement"]
        widgets = {"held_on": DateInput()}


class RepresentationForm(forms.ModelForm):
    class Meta:
        model = Representation
        exclude = ["engagement"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        form_field(self, "person", forms.ModelChoiceField).queryset = Person.objects.filter(
            organisation=organisation
        ).order_by("name")


class AdvocacyForm(forms.ModelForm):
    class Meta:
        model = Advocacy
        exclude = ["engagement"]


KIND_FORMS: dict[str, type[forms.ModelForm]] = {
    "project": ProjectForm,
    "membership": MembershipForm,
    "agreement": AgreementForm,
    "visit": VisitForm,
    "trip": TripForm,
    "training": TrainingForm,
    "representation": RepresentationForm,
    "advocacy": AdvocacyForm,
}
NEEDS_ORGANISATION = {"membership", "agreement", "representation"}


class EvaluationForm(VersionedModelForm):
    class Meta:
        model = Evaluation
        fields = ["evaluated_on", "evaluated_by", "verdict", "case_number", "reasoning"]
        widgets = {"evaluated_on": DateInput()}


class ExchangeForm(VersionedModelForm):
    class Meta:
        model = Exchange
        fields = ["happened_on", "kind", "description", "participants", "democracy_equality"]
        widgets = {"happened_on": DateInput()}


class AgreementReviewForm(VersionedModelForm):
    class Meta:
        model = AgreementReview
        fields = ["deadline", "decision", "decided_on", "decided_by", "case_number", "reasoning"]
        widgets = {"deadline": DateInput(), "decided_on": DateInput()}


class TripLegForm(VersionedModelForm):
    class Meta:
        model = TripLeg
        fields = ["from_city", "from_country", "to_city", "to_country", "mode", "is_return"]


class PartnerForm(VersionedModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "country", "city", "latitude", "longitude", "website", "description"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean_country(self) -> str:
        return (self.cleaned_data.get("country") or "").upper()


class BudgetLineForm(VersionedModelForm):
    class Meta:
        model = BudgetLine
        fields = ["label", "planned", "decided", "spent"]


class VisitAssessmentForm(VersionedModelForm):
    """An incoming request assessed direction by direction: how well it serves each, with a note, then
    capacity and cost (ST-3). Each direction of the strategy in force is a pair of fields,
    ``fit-<direction>`` and ``note-<direction>``; together they are the assessment's ``grades``."""

    class Meta:
        model = VisitAssessment
        fields = ["capacity", "cost"]
        widgets = {"capacity": forms.Textarea(attrs={"rows": 3}), "cost": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, directions: list[Direction], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.directions = directions
        recorded = {line.get("direction"): line for line in self.instance.grades or []}
        graded: dict[str, forms.Field] = {}
        for direction in directions:
            line = recorded.get(direction.pk, {})
            graded[f"fit-{direction.pk}"] = forms.ChoiceField(
                label=direction.name,
                choices=[("", _("— choose —")), *DirectionFit.choices],
                initial=line.get("fit", ""),
                error_messages={"required": _("Say how well the request serves this direction.")},
            )
            graded[f"note-{direction.pk}"] = forms.CharField(
                label=_("Note on %(direction)s") % {"direction": direction.name},
                max_length=500,
                required=False,
                initial=line.get("note", ""),
            )
        self.fields = {**graded, **self.fields}

    def grade_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(("fit-", "note-"))]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("capacity", "cost")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        fits = {direction.pk: cleaned.get(f"fit-{direction.pk}") for direction in self.directions}
        if all(fits.values()):
            self.instance.grades = [
                {"direction": pk, "fit": fit, "note": cleaned.get(f"note-{pk}", "")} for pk, fit in fits.items()
            ]
        return cleaned

    def _update_errors(self, errors: Any) -> None:
        # The model checks the grades as a whole; on this form they are fields of their own, and a
        # direction left ungraded has already said so beside its field.
        if hasattr(errors, "error_dict") and "grades" in errors.error_dict:
            problems = errors.error_dict.pop("grades")
            if not any(name.startswith("fit-") for name in self.errors):
                errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(problems)
            if not errors.error_dict:
                return
        super()._update_errors(errors)  # type: ignore[misc]  # the stubs leave out ModelForm's private step


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]


class PublishForm(forms.Form):
    """The confirmation of publishing: the version of the engagement the user saw."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"), help_text=_("Use the template; at most 10 MB."))
