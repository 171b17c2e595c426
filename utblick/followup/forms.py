from django import forms

from utblick.core.forms import VersionedModelForm

from .models import MandateReviewDraft


class ConclusionsForm(VersionedModelForm):
    """The coordinator's conclusions of a mandate-period review, with the version they were written against."""

    period = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = MandateReviewDraft
        fields = ["conclusions"]
        widgets = {"conclusions": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.period_id and not self.is_bound:
            self.initial["period"] = self.instance.period_id
