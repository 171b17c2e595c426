import datetime
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from utblick.core.formfields import form_field
from utblick.core.forms import VersionedModelForm
from utblick.organisations.forms import DateInput

from .models import Dimension, Direction, Goal, GoverningDocument, MandatePeriod, RuleSetting, StrategyReview, Theme
from .registry import RULES, Parameter, get_rule


class GoalForm(VersionedModelForm):
    """A goal under a direction. In a strategy shared by several organisations the form says whose the goal is —
    the organisation's own by default — and when the other owners will see a shared one (LN-11)."""

    OWN, SHARED = "own", "shared"

    scope = forms.ChoiceField(label=_("Whose goal"), widget=forms.RadioSelect, initial=OWN, required=False)

    class Meta:
        model = Goal
        fields = ["text", "scope", "description", "governing_documents", "order"]
        widgets = {"governing_documents": forms.CheckboxSelectMultiple}

    def __init__(self, *args, direction: Direction, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.direction = direction
        self.organisation = organisation
        form_field(self, "governing_documents", forms.ModelChoiceField).queryset = GoverningDocument.objects.filter(
            organisation=organisation
        )
        self.fields["governing_documents"].required = False
        self.partners = goal_partners(direction, organisation)
        if direction.organisation_id or not self.partners:
            del self.fields["scope"]  # an own direction's goals are own; a strategy of one owner shares nothing
            return
        names = _names(self.partners)
        scope = form_field(self, "scope", forms.ChoiceField)
        scope.choices = [
            (self.OWN, _("Our own goal: only %(organisation)s sees it") % {"organisation": organisation.name}),
            (self.SHARED, _("Shared: %(partners)s also see it in their strategy") % {"partners": names}),
        ]
        scope.help_text = shared_goal_notice(direction, self.partners)
        if self.instance.pk is not None and not self.instance.organisation_id:
            # Whoever opens a shared goal, its author's partner included, learns what their edit does to the others.
            scope.help_text = _(
                "This goal is shared: %(partners)s see it in their strategy, and what you change here changes it "
                "there too. Choosing “Our own goal” takes it out of their strategy."
            ) % {"partners": names}
        if self.instance.pk is not None and not self.is_bound:
            self.initial["scope"] = self.OWN if self.instance.organisation_id else self.SHARED

    def clean(self):
        cleaned = super().clean()
        if self.instance.direction.organisation_id:
            self.instance.organisation_id = self.instance.direction.organisation_id
        elif "scope" in self.fields:  # own unless the user shares it
            self.instance.organisation = None if cleaned.get("scope") == self.SHARED else self.organisation
        return cleaned


def goal_partners(direction: Direction, organisation) -> list:
    """The other owners of the direction's strategy: who sees a shared goal besides the organisation."""
    ownerships = direction.version.strategy.ownerships.select_related("organisation").order_by("organisation__name")
    return [ownership.organisation for ownership in ownerships if ownership.organisation_id != organisation.pk]


def _names(organisations: list) -> str:
    return ", ".join(organisation.name for organisation in organisations)


def shared_goal_notice(direction: Direction, partners: list) -> str:
    """When the other owners see a shared goal: at once in a version in force, at adoption in a draft."""
    from .models import VersionStatus

    names = _names(partners)
    if direction.version.status == VersionStatus.DRAFT:
        return str(
            _(
                "A shared goal is in %(partners)s's copy of this draft as soon as you save, and in their strategy "
                "in force once the draft is adopted."
            )
            % {"partners": names}
        )
    return str(_("A shared goal shows in %(partners)s's strategy as soon as you save.") % {"partners": names})


class DirectionForm(VersionedModelForm):
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


class DimensionForm(VersionedModelForm):
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


class RuleSettingForm(VersionedModelForm):
    """A rule of the registry with one field per parameter the rule declares (``strategies.registry``).

    The parameter fields are those of the rule chosen: on a new setting the rule comes from the data (or
    ``?rule=`` through the view's initial), and when the posted rule is not the one whose fields were shown
    (``parameters_for``) the form comes back with the new rule's fields at their defaults instead of saving
    values the coordinator never saw. A saved setting keeps its rule: its parameters belong to it.
    """

    key = forms.ChoiceField(label=_("Rule"))
    parameters_for = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RuleSetting
        fields = ["key", "enabled", "note", "order"]

    def __init__(self, *args, version, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.version = version
        self.fields["key"].choices = [("", _("Choose a rule"))] + [
            (key, str(rule.title)) for key, rule in sorted(RULES.items(), key=lambda item: str(item[1].title))
        ]
        if self.instance.pk:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("To use another rule, add a setting for it.")
        self.rule = get_rule(self._chosen_key())
        if self.is_bound:
            self.data = _mutable(self.data)
            shown = self.data.get(self.add_prefix("parameters_for"))
            self.changed_rule = not self.instance.pk and self.rule is not None and shown != self.rule.key
            self.data[self.add_prefix("parameters_for")] = self.rule.key if self.rule else ""
        else:
            self.changed_rule = False
        parameters = self.rule.parameters if self.rule else ()
        if self.changed_rule:
            # The parameters of the rule just chosen were never shown: offer them at their defaults.
            for parameter in parameters:
                _put(self.data, self.add_prefix(_field_name(parameter)), _as_data(parameter, parameter.default))
        stored = self.instance.parameters if self.instance.pk and isinstance(self.instance.parameters, dict) else {}
        names = []
        for parameter in parameters:
            name = _field_name(parameter)
            self.fields[name] = parameter_field(parameter)
            self.initial[name] = _as_initial(parameter, stored.get(parameter.name, parameter.default))
            names.append(name)
        self.initial["parameters_for"] = self.rule.key if self.rule else ""
        self.order_fields(["key", "enabled", *names, "note", "order"])

    def _chosen_key(self) -> str:
        if self.instance.pk:
            return self.instance.key
        if self.is_bound:
            return self.data.get(self.add_prefix("key")) or ""
        return self.initial.get("key") or ""

    def clean(self):
        cleaned = super().clean()
        if self.rule is None:
            return cleaned
        if self.changed_rule and self.rule.parameters:
            self.add_error("key", _("This rule has parameters: check them below, then save again."))
            return cleaned
        values = {}
        for parameter in self.rule.parameters:
            name = _field_name(parameter)
            if name in cleaned:
                values[parameter.name] = _as_value(parameter, cleaned[name])
        try:
            self.instance.parameters = self.rule.clean_parameters(values)
        except ValidationError as error:  # the fields hold the bounds; this is the rule's last word
            self.add_error(None, error)
        return cleaned


def _field_name(parameter: Parameter) -> str:
    return f"parameter_{parameter.name}"


def parameter_field(parameter: Parameter) -> forms.Field:
    """The form field of one declared rule parameter, in the reader's language, with its bounds."""
    label = capfirst(parameter.label)
    hints = [str(parameter.help_text)] if parameter.help_text else []
    if parameter.kind is bool:
        return forms.BooleanField(label=label, required=False, help_text=" ".join(hints))
    if parameter.kind is int:
        if parameter.minimum is not None and parameter.maximum is not None:
            hints.append(
                gettext("A whole number from %(minimum)s to %(maximum)s.")
                % {"minimum": parameter.minimum, "maximum": parameter.maximum}
            )
        hints.append(gettext("Default: %(default)s.") % {"default": parameter.default})
        return forms.IntegerField(
            label=label,
            min_value=parameter.minimum,
            max_value=parameter.maximum,
            help_text=" ".join(hints),
            widget=forms.NumberInput(attrs={"class": "input--short"}),
        )
    if parameter.kind is list:
        if parameter.choices:
            return forms.MultipleChoiceField(
                label=label,
                choices=[(value, capfirst(text)) for value, text in parameter.choices],
                widget=forms.CheckboxSelectMultiple,
                help_text=" ".join(hints),
                error_messages={"required": _("Choose at least one.")},
            )
        hints.append(gettext("One per line."))
        return forms.CharField(
            label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=" ".join(hints)
        )
    if parameter.choices:
        return forms.ChoiceField(
            label=label,
            choices=[(value, capfirst(text)) for value, text in parameter.choices],
            help_text=" ".join(hints),
        )
    return forms.CharField(label=label, required=False, max_length=200, help_text=" ".join(hints))


def _as_value(parameter: Parameter, value: Any) -> Any:
    """A field's cleaned value as the rule stores it."""
    if parameter.kind is list and not parameter.choices:
        return [line.strip() for line in (value or "").splitlines() if line.strip()]
    if parameter.kind is list:
        return list(value)
    return value


def _as_initial(parameter: Parameter, value: Any) -> Any:
    if parameter.kind is list and not parameter.choices and isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return value


def _mutable(data: Any) -> Any:
    if isinstance(data, QueryDict):
        return data if data._mutable else data.copy()
    return dict(data)


def _put(data: Any, key: str, values: list[str]) -> None:
    if isinstance(data, QueryDict):
        data.setlist(key, values)
    else:
        data[key] = values if len(values) != 1 else values[0]


def _as_data(parameter: Parameter, value: Any) -> list[str]:
    """A stored value as a browser would send it in the parameter's field."""
    if parameter.kind is bool:
        return ["on"] if value else []
    if parameter.kind is list and parameter.choices:
        return [str(item) for item in value]
    if parameter.kind is list:
        return ["\n".join(str(item) for item in value)]
    return [str(value)]


#: The file types the document importer reads (docs/strategy-import.md).
DOCUMENT_TYPES = (".pdf", ".docx", ".txt", ".md", ".html", ".htm")
DOCUMENT_MIME_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/html",
)


class DocumentUploadForm(forms.Form):
    """A strategy document to read; refused before anything is stored when it cannot be read."""

    file = forms.FileField(label=_("Strategy document"))

    def __init__(self, *args, **kwargs):
        from .importer.extract import max_bytes

        super().__init__(*args, **kwargs)
        self.limit = max_bytes()
        self.fields["file"].help_text = _(
            "PDF, Word (.docx), a saved web page (.html), text or Markdown, at most %(mb)s MB. A scanned PDF is read by text recognition (OCR), which takes longer."
        ) % {"mb": self.limit // (1024 * 1024)}
        self.fields["file"].widget.attrs["accept"] = ",".join(DOCUMENT_TYPES + DOCUMENT_MIME_TYPES)

    def clean_file(self):
        from .importer import DocumentImportError, check_document

        upload = self.cleaned_data["file"]
        try:
            if upload.size > self.limit:
                raise DocumentImportError("too_large", limit=self.limit // (1024 * 1024))
            if Path(upload.name).suffix.lower() not in DOCUMENT_TYPES:
                raise DocumentImportError("unsupported")
            check_document(upload, upload.name)
        except DocumentImportError as error:
            raise forms.ValidationError(error.message, code=error.code) from error
        upload.seek(0)
        return upload


class DocumentReviewForm(forms.Form):
    """The draft read from a document, to correct before it becomes a draft version of the strategy.

    Built from the draft's JSON (``strategies.document_imports``): the facts, then per direction its
    name, description, its place in the order, a box to remove it and a field for a new goal; per goal its
    text, the direction it
    belongs to (the no-script way to move it) and a box to remove it; per governing document its title.
    Field names carry the elements' ids. ``corrected()`` gives the corrected draft.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=250)
    label = forms.CharField(
        label=_("Version label"), max_length=50, help_text=_("Usually the year of adoption, e.g. 2013.")
    )
    adopted_by = forms.CharField(label=_("Adopted by"), max_length=150, required=False)
    adopted_on = forms.DateField(label=_("Date of adoption"), required=False, widget=DateInput())
    replaces_version = forms.ChoiceField(label=_("Replaces the version"), required=False)
    new_direction_name = forms.CharField(label=_("Name of the new direction"), max_length=200, required=False)
    new_direction_description = forms.CharField(
        label=_("Description of the new direction"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_document = forms.CharField(label=_("New governing document"), max_length=250, required=False)

    def __init__(self, *args, review: dict, version: int, versions: list, **kwargs):
        """``versions``: (label, adopted_on) of the strategy's versions, which the draft may replace."""
        from . import document_imports

        super().__init__(*args, **kwargs)
        self.review, self.versions = review, versions
        self.taken = {label for label, _adopted_on in versions}
        form_field(self, "replaces_version", forms.ChoiceField).choices = [("", _("none"))] + [
            (label, f"{label} ({adopted_on:%Y-%m-%d})" if adopted_on else label) for label, adopted_on in versions
        ]
        if review["replaces"]["value"]:
            # Help texts are rendered unescaped; the document's words are not ours.
            self.fields["replaces_version"].help_text = _("The document says it replaces: %(text)s") % {
                "text": escape(review["replaces"]["value"])
            }
        replaced = review.get("replaces_version") or document_imports.guess_replaced(review, versions)
        self.initial.update(
            version=version,
            title=review["title"]["value"],
            label=document_imports.free_label(review["label"], self.taken),
            adopted_by=review["adopted_by"]["value"],
            adopted_on=datetime.date.fromisoformat(review["adopted_on"]["value"])
            if review["adopted_on"]["value"]
            else None,
            replaces_version=replaced if replaced in self.taken else "",
        )
        choices = [(d["id"], f"{number}. {d['name']}") for number, d in enumerate(review["directions"], start=1)]
        for number, direction in enumerate(review["directions"], start=1):
            key, name = direction["id"], direction["name"]
            self.fields[f"{key}-name"] = forms.CharField(
                label=_("Name of direction %(number)s") % {"number": number}, max_length=200, required=False
            )
            self.fields[f"{key}-description"] = forms.CharField(
                label=_("Description of direction %(number)s") % {"number": number},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{key}-position"] = forms.IntegerField(
                label=_("Place of direction %(number)s") % {"number": number},
                min_value=1,
                help_text=_("Change the number to move the direction; equal numbers keep the document's order."),
                widget=forms.NumberInput(attrs={"class": "input--short"}),
            )
            self.fields[f"{key}-delete"] = forms.BooleanField(
                label=_("Remove direction %(number)s") % {"number": number},
                required=False,
                help_text=_("Its goals are removed too, unless you move them to another direction."),
            )
            self.fields[f"{key}-new_goal"] = forms.CharField(
                label=_("New goal under %(name)s") % {"name": name}, max_length=500, required=False
            )
            self.initial.update(
                {f"{key}-name": name, f"{key}-description": direction["description"], f"{key}-position": number}
            )
            for goal_number, goal in enumerate(direction["goals"], start=1):
                label = document_imports.goal_label(number, goal_number)
                self.fields[f"{goal['id']}-text"] = forms.CharField(
                    label=label, max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
                numbers = {"direction": number, "number": goal_number}
                self.fields[f"{goal['id']}-direction"] = forms.ChoiceField(
                    label=_("Goal %(direction)s.%(number)s belongs to") % numbers, choices=choices
                )
                self.fields[f"{goal['id']}-delete"] = forms.BooleanField(
                    label=_("Remove goal %(direction)s.%(number)s") % numbers, required=False
                )
                self.initial.update({f"{goal['id']}-text": goal["text"], f"{goal['id']}-direction": key})
        for number, document in enumerate(review["governing_documents"], start=1):
            self.fields[f"{document['id']}-title"] = forms.CharField(
                label=_("Governing document %(number)s") % {"number": number}, max_length=250, required=False
            )
            self.fields[f"{document['id']}-delete"] = forms.BooleanField(
                label=_("Remove governing document %(number)s") % {"number": number}, required=False
            )
            self.initial[f"{document['id']}-title"] = document["title"]

    def is_stale(self, current_version: int) -> bool:
        """Whether someone saved the draft after this form was loaded (checked before the fields are)."""
        return self.data.get("version") != str(current_version)

    def differences(self, data: Any) -> list[dict]:
        """Values of a stale form's ``data`` that differ from this (saved) draft, to show on the conflict page."""
        posted = DocumentReviewForm(data, review=self.review, version=self.initial["version"], versions=self.versions)
        rows = []
        for name in posted.changed_data:
            if name == "version" or name not in data:
                continue  # what the other person added is not among the lost values
            field = posted.fields[name]
            rows.append(
                {
                    "label": field.label,
                    "theirs": _shown(field, posted[name].initial),
                    "yours": _shown(field, data.get(name)),
                }
            )
        return rows

    def directions(self) -> list[dict]:
        """For the template: each direction with how it was found, its bound fields and its goals'."""
        from .document_imports import found_label

        return [
            {
                "direction": direction,
                "found": found_label(direction),
                "number": number,
                "name": self[f"{direction['id']}-name"],
                "description": self[f"{direction['id']}-description"],
                "position": self[f"{direction['id']}-position"],
                "delete": self[f"{direction['id']}-delete"],
                "new_goal": self[f"{direction['id']}-new_goal"],
                "goals": [
                    {
                        "goal": goal,
                        "text": self[f"{goal['id']}-text"],
                        "direction": self[f"{goal['id']}-direction"],
                        "delete": self[f"{goal['id']}-delete"],
                    }
                    for goal in direction["goals"]
                ],
            }
            for number, direction in enumerate(self.review["directions"], start=1)
        ]

    def documents(self) -> list[dict]:
        return [
            {"document": d, "title": self[f"{d['id']}-title"], "delete": self[f"{d['id']}-delete"]}
            for d in self.review["governing_documents"]
        ]

    def clean(self):
        from .document_imports import review_errors

        cleaned = super().clean()
        for field, message in review_errors(self.review, cleaned, self.taken):
            self.add_error(field, message)
        return cleaned

    def corrected(self) -> dict:
        """The draft with the form's corrections (``document_imports.corrected_draft``)."""
        from .document_imports import corrected_draft

        return corrected_draft(self.review, self.cleaned_data)


def _shown(field: forms.Field, value: Any) -> str:
    if isinstance(field, forms.BooleanField):
        return str(_("yes") if value not in (None, False, "", "off") else _("no"))
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value) or "—")  # type: ignore[arg-type]  # choices are a list once set
    return str(value or "—")
