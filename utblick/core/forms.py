from django import forms
from django.utils.translation import gettext_lazy as _


class VersionedModelForm(forms.ModelForm):
    """A model form carrying the row's version, so a stale save is detected (no lost updates)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["version"] = self.instance.edit_version

    @property
    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or self.instance.edit_version


class MapViewForm(forms.Form):
    """Which part of the world a map shows; "fit" draws everything that is placed.

    Shown unbound with the view asked for: a rectangle from a cluster's link is no choice of the list.
    """

    view = forms.ChoiceField(
        label=_("Map view"),
        required=False,
        choices=[
            ("", _("fit to the partners")),
            ("europe", _("Europe")),
            ("nordic", _("the Nordic countries")),
            ("world", _("the world")),
        ],
    )
