from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.forms import VersionedModelForm
from utblick.organisations.forms import DateInput

from .models import Dimension, Direction, Goal, GoverningDocument, MandatePeriod, RuleSetting, StrategyReview, Theme


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


class DimensionForm(forms.ModelForm):
    class Meta:
        model = Dimension
        fields = ["name", "code", "description", "order"]

    def __init__(self, *args, version, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.version = version


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "code", "description", "order"]

    def __init__(self, *args, dimension, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.dimension = dimension


class GoverningDocumentForm(VersionedModelForm):
    class Meta:
        model = GoverningDocument
        fields = ["title", "kind", "adopted_on", "url", "description"]
        widgets = {"adopted_on": DateInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation


class RuleSettingForm(forms.ModelForm):
    """A rule of the registry with its parameters, written as JSON and checked against the rule's types."""

    key = forms.ChoiceField(label=_("Rule"))
    parameters_text = forms.CharField(
        label=_("Parameters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('As JSON, e.g. {"months": 24}. Leave empty for the defaults.'),
    )

    class Meta:
        model = RuleSetting
        fields = ["key", "enabled", "parameters_text", "note", "order"]

    def __init__(self, *args, version, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from .registry import RULES

        self.instance.version = version
        self.fields["key"].choices = [(key, str(rule.title)) for key, rule in sorted(RULES.items())]
        if self.instance.pk and self.instance.parameters:
            import json

            self.initial["parameters_text"] = json.dumps(self.instance.parameters, ensure_ascii=False)

    def clean(self):
        import json

        from django.core.exceptions import ValidationError

        from .registry import get_rule

        cleaned = super().clean()
        text = (cleaned.get("parameters_text") or "").strip()
        try:
            values = json.loads(text) if text else {}
        except json.JSONDecodeError:
            self.add_error("parameters_text", _("Not valid JSON."))
            return cleaned
        if not isinstance(values, dict):
            self.add_error("parameters_text", _('Write the parameters as an object, e.g. {"months": 24}.'))
            return cleaned
        rule = get_rule(cleaned.get("key", ""))
        if rule is not None:
            try:
                rule.clean_parameters(values)
            except ValidationError as error:
                self.add_error("parameters_text", error)
        self.instance.parameters = values
        return cleaned
