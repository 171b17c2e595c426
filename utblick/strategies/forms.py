import datetime
from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from utblick.core.forms import VersionedModelForm
from utblick.organisations.forms import DateInput

from .models import Dimension, Direction, Goal, GoverningDocument, MandatePeriod, RuleSetting, StrategyReview, Theme


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
        self.fields["governing_documents"].queryset = GoverningDocument.objects.filter(organisation=organisation)
        self.fields["governing_documents"].required = False
        self.partners = goal_partners(direction, organisation)
        if direction.organisation_id or not self.partners:
            del self.fields["scope"]  # an own direction's goals are own; a strategy of one owner shares nothing
            return
        names = _names(self.partners)
        scope = self.fields["scope"]
        scope.choices = [
            (self.OWN, _("Our own goal: only %(organisation)s sees it") % {"organisation": organisation.name}),
            (self.SHARED, _("Shared: %(partners)s also see it in their strategy") % {"partners": names}),
        ]
        scope.help_text = shared_goal_notice(direction, self.partners)
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
        except (json.JSONDecodeError, RecursionError):  # "[[[[…": the decoder recurses once per level
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
        from pathlib import Path

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
        self.fields["replaces_version"].choices = [("", _("none"))] + [
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
        from .importer.structure import normalise

        cleaned = super().clean()
        if cleaned.get("label") in self.taken:
            self.add_error("label", _("The strategy already has a version with this label."))
        names: dict[str, str] = {}
        for direction in self.review["directions"]:
            key = direction["id"]
            if cleaned.get(f"{key}-delete"):
                continue
            name = (cleaned.get(f"{key}-name") or "").strip()
            if not name:
                self.add_error(f"{key}-name", _("Write a name, or tick the box to remove the direction."))
            elif normalise(name) in names:
                self.add_error(
                    f"{key}-name", _("Another direction is called %(name)s.") % {"name": names[normalise(name)]}
                )
            else:
                names[normalise(name)] = name
        new_name = (cleaned.get("new_direction_name") or "").strip()
        if new_name and normalise(new_name) in names:
            self.add_error("new_direction_name", _("Another direction is called %(name)s.") % {"name": new_name})
        for direction in self.review["directions"]:
            for goal in direction["goals"]:
                key = goal["id"]
                if not cleaned.get(f"{key}-delete") and not (cleaned.get(f"{key}-text") or "").strip():
                    self.add_error(f"{key}-text", _("Write the goal, or tick the box to remove it."))
        return cleaned

    def corrected(self) -> dict:
        """The draft with the form's corrections: renamed, removed, added and moved elements."""
        data, review = self.cleaned_data, self.review
        next_id = review["next_id"]

        def new_id(prefix: str) -> str:
            nonlocal next_id
            next_id += 1
            return f"{prefix}{next_id - 1}"

        def fact(key: str, value: str) -> dict:
            return {"value": value, "span": review[key]["span"]}

        kept = {d["id"]: d for d in review["directions"] if not data.get(f"{d['id']}-delete")}
        directions = {
            key: {
                **d,
                "name": data[f"{key}-name"].strip(),
                "description": data[f"{key}-description"].strip(),
                "goals": [],
            }
            for key, d in kept.items()
        }
        goals = [(d["id"], g) for d in review["directions"] for g in d["goals"] if not data.get(f"{g['id']}-delete")]
        # Goals staying in their direction keep their place; a moved goal goes to the end of its new direction.
        for moved in (False, True):
            for home, goal in goals:
                target = data[f"{goal['id']}-direction"]
                if (target != home) is moved and target in directions:
                    directions[target]["goals"].append({**goal, "text": data[f"{goal['id']}-text"].strip()})
        for key, direction in directions.items():
            if text := data[f"{key}-new_goal"].strip():
                direction["goals"].append({"id": new_id("g"), "text": text, "span": None})
        # The places the reviewer gave; the document's order among equal numbers (sorted is stable).
        result = sorted(directions.values(), key=lambda d: data[f"{d['id']}-position"])
        if name := data["new_direction_name"].strip():
            result.append(
                {
                    "id": new_id("d"),
                    "name": name,
                    "description": data["new_direction_description"].strip(),
                    "span": None,
                    "goals": [],
                }
            )
        documents = [
            {**d, "title": data[f"{d['id']}-title"].strip()}
            for d in review["governing_documents"]
            if not data.get(f"{d['id']}-delete") and data[f"{d['id']}-title"].strip()
        ]
        if title := data["new_document"].strip():
            documents.append({"id": new_id("k"), "title": title, "span": None})
        adopted_on = data.get("adopted_on")
        return {
            **review,
            "title": fact("title", data["title"].strip()),
            "adopted_by": fact("adopted_by", data["adopted_by"].strip()),
            "adopted_on": fact("adopted_on", adopted_on.isoformat() if adopted_on else ""),
            "label": data["label"].strip(),
            "replaces_version": data.get("replaces_version") or "",
            "directions": result,
            "governing_documents": documents,
            "next_id": next_id,
        }


def _shown(field: forms.Field, value: Any) -> str:
    if isinstance(field, forms.BooleanField):
        return str(_("yes") if value not in (None, False, "", "off") else _("no"))
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value) or "—")
    return str(value or "—")
