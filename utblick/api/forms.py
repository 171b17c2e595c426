import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.organisations.forms import DateInput

from .models import ApiToken


def default_expiry() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=90)


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "expires_on"]
        widgets = {"expires_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = default_expiry
        self.fields["expires_on"].help_text = _("The last day the token works; at most a year from today.")
