"""The strategy's fixed choices: a version's status, an indicator's good direction, kinds of documents,
the outcome of a review."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")
    REPLACED = "replaced", _("replaced")


class GoodDirection(models.TextChoices):
    RISE = "rise", _("should rise")
    FALL = "fall", _("should fall")


class DocumentKind(models.TextChoices):
    VISION = "vision", _("vision")
    PLAN = "plan", _("plan or roadmap")
    BUDGET = "budget", _("budget")
    POLICY = "policy", _("policy or guideline")
    STRATEGY = "strategy", _("strategy")
    OTHER = "other", _("other")


class ReviewOutcome(models.TextChoices):
    KEEP = "keep", _("keep unchanged")
    REVISE = "revise", _("revise")
    REPLACE = "replace", _("replace")
