from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# What an erased person is called where a record about them must stay (in the organisation's language).
ANONYMISED = gettext_noop("Anonymised person")
EMAIL_REMOVED = gettext_noop("[e-mail address removed]")
PHONE_REMOVED = gettext_noop("[phone number removed]")


class RecordKind(models.TextChoices):
    """What a retention rule (gallringsregel) applies to: each kind of engagement, and people."""

    PROJECT = "project", _("projects and applications")
    MEMBERSHIP = "membership", _("memberships")
    AGREEMENT = "agreement", _("agreements")
    VISIT = "visit", _("visits")
    TRIP = "trip", _("trips")
    TRAINING = "training", _("trainings")
    REPRESENTATION = "representation", _("representations")
    ADVOCACY = "advocacy", _("advocacy")
    PERSON = "person", _("people without roles or engagements")


class RequestKind(models.TextChoices):
    """What was done for a data subject's request (registerutdrag, rättelse, radering)."""

    EXTRACT = "extract", _("register extract")
    CORRECTION = "correction", _("correction")
    ERASURE = "erasure", _("erasure")


# Why each kind of record is kept at all: shown on the privacy page beside how long it is kept.
PURPOSES = {
    RecordKind.PROJECT: _("Follow-up of the strategy, reports to funders and their audits."),
    RecordKind.MEMBERSHIP: _("Evaluating whether the membership serves the strategy, and paying its fees."),
    RecordKind.AGREEMENT: _("Showing what the agreement gave and when it is to be reviewed."),
    RecordKind.VISIT: _("Answering requests for visits and following up what visits gave."),
    RecordKind.TRIP: _("Following up travel, its costs and its climate impact."),
    RecordKind.TRAINING: _("Following up competence development."),
    RecordKind.REPRESENTATION: _("Knowing who represents the organisation where."),
    RecordKind.ADVOCACY: _("Following up the organisation's positions and what they achieved."),
    RecordKind.PERSON: _("Contact details and roles of those who take part in the international work."),
}
