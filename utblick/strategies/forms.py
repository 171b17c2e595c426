from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.forms import VersionedModelForm
from utblick.organisations.forms import DateInput

from .models import Direction, Goal, GoverningDocument, MandatePeriod, StrategyReview


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["text", "description", "governing_documents", "order"]
        widgets = {"governing_documents": forms.CheckboxSelectMultiple}

    def __init__(self, *args, direction: Direction, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.direction = direction
        self.fields["governing_documents"].queryset = GoverningDocument.objects.filter(organisation=organisation)
        self.fields["governing_documents"].required = False


class DirectionForm(forms.ModelForm):
    only_mine = forms.BooleanField(
        label=_("Only for my organisation"),
        required=False,
        help_text=_("For a shared strategy: a direction the other owners do not see."),
    )

    class Meta:
        model = Direction
        fields = ["name", "code", "description", "order"]

    def __init__(self, *args, version, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.version = version
        self.organisation = organisation
        self.fields["only_mine"].initial = self.instance.organisation_id == organisation.pk
        if version.strategy.ownerships.count() < 2:
            del self.fields["only_mine"]

    def clean(self):
        cleaned = super().clean()
        if "only_mine" in self.fields:
            self.instance.organisation = self.organisation if cleaned.get("only_mine") else None
        return cleaned


class StrategyReviewForm(VersionedModelForm):
    class Meta:
        model = StrategyReview
        fields = ["reviewed_on", "body", "outcome", "summary", "case_number", "document_url"]
        widgets = {"reviewed_on": DateInput()}

    def __init__(self, *args, strategy, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self.instance.organisation = organisation

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reviewed_on"):
            self.instance.period = MandatePeriod.for_date(cleaned["reviewed_on"])
        return cleaned


class StrategyImportForm(forms.Form):
    file = forms.FileField(label=_("Strategy file (TOML)"), help_text=_("At most 2 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from error


class CopyVersionForm(forms.Form):
    label = forms.CharField(label=_("Label of the new draft"), max_length=50)
