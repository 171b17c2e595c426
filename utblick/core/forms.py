from django import forms


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
