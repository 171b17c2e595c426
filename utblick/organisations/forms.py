from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.formfields import form_field
from utblick.core.forms import VersionedModelForm

from .models import Organisation, Person, Unit, UnitRole


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrganisationForm(VersionedModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "organisation_number",
            "description",
            "website",
            "public_pages_enabled",
            "editors_may_publish",
            "comparison_opt_in",
            "case_number_pattern",
            "report_language",
        ]


class NetworkSharingForm(VersionedModelForm):
    """The organisation's part in the partner network: off until a coordinator turns it on."""

    class Meta:
        model = Organisation
        fields = ["network_sharing", "network_share_by_default"]


class UnitForm(VersionedModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "slug", "kind", "parent", "description", "order", "is_active"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        parents = Unit.objects.filter(organisation=organisation)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        form_field(self, "parent", forms.ModelChoiceField).queryset = parents
        self.fields["slug"].help_text = _("Lower-case letters, digits and hyphens; used in addresses and commands.")


class PersonForm(VersionedModelForm):
    class Meta:
        model = Person
        fields = ["name", "title", "kind", "email", "phone"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation


class UnitRoleForm(forms.ModelForm):
    class Meta:
        model = UnitRole
        fields = ["person", "role", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit
        form_field(self, "person", forms.ModelChoiceField).queryset = Person.objects.filter(
            organisation_id=unit.organisation_id
        )
