from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.formfields import form_field
from utblick.core.forms import VersionedModelForm
from utblick.core.models import Visitor
from utblick.engagements.choices import FundingOutcome
from utblick.engagements.forms import current_directions
from utblick.organisations.models import Organisation, Unit
from utblick.organisations.permissions import units_writable_by

from . import formats, programmes
from .choices import FileFormat, SourceKind, Verdict
from .models import Item, ItemComment, Source, WatchProfile, validate_upload


def _theme_label(theme: Any) -> str:
    return f"{theme.dimension.name}: {theme.name}"


class WatchProfileForm(VersionedModelForm):
    programmes = forms.MultipleChoiceField(
        label=_("Programmes of interest"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Calls from these programmes rank higher."),
    )

    class Meta:
        model = WatchProfile
        fields = ["keywords", "programmes", "directions", "themes"]
        widgets = {
            "keywords": forms.Textarea(attrs={"rows": 8}),
            "directions": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        form_field(self, "programmes", forms.ChoiceField).choices = programmes.programme_choices()
        directions, themes = current_directions(unit.organisation)
        form_field(self, "directions", forms.ModelChoiceField).queryset = directions
        form_field(self, "themes", forms.ModelChoiceField).queryset = themes
        form_field(self, "themes", forms.ModelChoiceField).label_from_instance = _theme_label  # type: ignore[method-assign, assignment]  # Django documents replacing it

    def clean_programmes(self) -> list[str]:
        return list(self.cleaned_data.get("programmes") or [])


class SourceForm(VersionedModelForm):
    class Meta:
        model = Source
        fields = ["name", "kind", "url", "file_format", "item_kind", "language", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.organisation = organisation
        if self.instance.kind == SourceKind.MANUAL:
            # The organisation's one source of items entered by hand stays that (ADR 0012).
            self.fields["kind"].disabled = True
        else:
            form_field(self, "kind", forms.ChoiceField).choices = [
                choice for choice in SourceKind.choices if choice[0] != SourceKind.MANUAL
            ]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        validators=[validate_upload],
        help_text=_("JSON from the EU Funding & Tenders portal, CSV, XLSX, RSS or Atom."),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Recognise it from the file")), *FileFormat.choices],
        help_text=_("Leave it to Utblick unless the file is not recognised."),
    )


class MappingForm(forms.Form):
    """One choice per field: which column of the uploaded table holds it."""

    def __init__(self, *args: Any, header: list[str], initial_mapping: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        columns = [("", _("— not in the file —"))] + [(column, column) for column in header if column]
        for target in formats.targets():
            self.fields[target.name] = forms.ChoiceField(
                label=target.label,
                choices=columns,
                required=target.required,
                initial=initial_mapping.get(target.name, ""),
            )
        self.fields["deadline"].help_text = _("Several dates in one cell are separated by semicolons.")
        self.fields["identifier"].help_text = _(
            "What tells one call from another when the list is imported again; without it, the address or the title."
        )

    def mapping(self) -> dict[str, str]:
        return {name: column for name, column in self.cleaned_data.items() if column}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        chosen = [column for column in cleaned.values() if column]
        twice = sorted({column for column in chosen if chosen.count(column) > 1})
        if twice:
            raise forms.ValidationError(
                _("A column can hold only one field: %(columns)s") % {"columns": ", ".join(twice)}
            )
        return cleaned


class MarkForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("For the unit"), queryset=Unit.objects.none())
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        form_field(self, "unit", forms.ModelChoiceField).queryset = Unit.objects.filter(organisation=organisation)


class ShareForm(forms.Form):
    from_unit = forms.ModelChoiceField(label=_("From the unit"), queryset=Unit.objects.none(), required=False)
    to_unit = forms.ModelChoiceField(
        label=_("Share with"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("every unit"),
        help_text=_("Only the central office shares with every unit."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(organisation=organisation, is_active=True).order_by("name")
        form_field(self, "from_unit", forms.ModelChoiceField).queryset = units
        form_field(self, "to_unit", forms.ModelChoiceField).queryset = units


class CommentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("On behalf of"), queryset=Unit.objects.none(), required=False)
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, organisation: Organisation, user: Visitor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # One speaks for the units one writes for (every unit, for the central office).
        units = units_writable_by(user, organisation).filter(is_active=True)
        form_field(self, "unit", forms.ModelChoiceField).queryset = units.order_by("name")


class CommentEditForm(VersionedModelForm):
    class Meta:
        model = ItemComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


OUTCOMES = [choice for choice in FundingOutcome.choices if choice[0] not in ("", FundingOutcome.FUNDED)]


class FundingForm(forms.Form):
    """What was considered and the outcome (KR-4); the suggested calls are offered as checkboxes."""

    items = forms.ModelMultipleChoiceField(
        label=_("Calls considered"),
        queryset=Item.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    programmes = forms.MultipleChoiceField(
        label=_("Programmes considered"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("What else was considered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Other funders, national or regional support, why a call does not fit."),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES, widget=forms.RadioSelect)
    applies_to = forms.ModelChoiceField(
        label=_("Call you plan to apply to"),
        queryset=Item.objects.none(),
        required=False,
        empty_label=_("— choose a call —"),
        help_text=_("For “application planned”: a project for this call is put in the pipeline."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, item_queryset: Any, programme_choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        form_field(self, "items", forms.ModelChoiceField).queryset = item_queryset
        form_field(self, "applies_to", forms.ModelChoiceField).queryset = item_queryset
        form_field(self, "programmes", forms.ChoiceField).choices = programme_choices

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("outcome") == FundingOutcome.APPLICATION_PLANNED and not cleaned.get("applies_to"):
            self.add_error("applies_to", _("Choose the call you plan to apply to."))
        return cleaned


SOURCE_KIND_HELP = {SourceKind.FEED: _("fetched on a schedule"), SourceKind.FILE: _("files imported by hand")}
