import pycountry
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from utblick.core.formfields import form_field
from utblick.engagements.choices import Kind, Programme, ProjectStage
from utblick.engagements.models import country_name
from utblick.organisations.models import Organisation, Person

from .models import PartnerCall


def _countries() -> list[tuple[str, str]]:
    return sorted(
        ((country.alpha_2, country_name(country.alpha_2)) for country in pycountry.countries), key=lambda c: c[1]
    )


class ManyOptionsSelect(forms.Select):
    """A select of some 250 countries written in one pass: Django's widget renders a template per option, which
    cost Partnersök a third of its time. The same markup (name, id, the bound field's aria attributes)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(item) for item in self.format_value(value)}
        options = "".join(
            format_html(
                '<option value="{}"{}>{}</option>', key, mark_safe(" selected") if str(key) in chosen else "", label
            )
            for key, label in self.choices
        )
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))


class NetworkSearchForm(forms.Form):
    """Partnersök's questions: the page and the API read the same form, and the selector answers it."""

    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=200,
        help_text=_("In the titles, partners, networks, programmes, calls, directions and themes."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=ManyOptionsSelect)
    partner = forms.CharField(label=_("Partner or city"), required=False, max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    direction = forms.CharField(
        label=_("Direction or theme"),
        required=False,
        max_length=120,
        help_text=_("A word of the strategy's direction or theme, e.g. klimat."),
    )
    programme = forms.ChoiceField(
        label=_("Programme"), required=False, choices=[("", _("All programmes")), *Programme.choices]
    )
    stage = forms.ChoiceField(
        label=_("Stage of a project"), required=False, choices=[("", _("All stages")), *ProjectStage.choices]
    )
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1900, max_value=2200)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1900, max_value=2200)
    looking = forms.BooleanField(label=_("Only those looking for partners"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *_countries()]

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            self.add_error("year_to", _("The last year comes after the first."))
        return data

    @property
    def has_question(self) -> bool:
        return self.is_bound and self.is_valid() and any(value for value in self.cleaned_data.values())

    @property
    def question(self) -> dict:
        """The cleaned answers as the selector's arguments."""
        data = dict(self.cleaned_data)
        data["text"] = data.pop("q", "")
        return data


class PartnerCallForm(forms.ModelForm):
    class Meta:
        model = PartnerCall
        fields = ["note", "contact"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        form_field(self, "contact", forms.ModelChoiceField).queryset = (
            Person.objects.filter(organisation=organisation).exclude(email="").order_by("name")
        )
        self.fields["contact"].required = True
