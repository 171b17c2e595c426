from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("region")


class UnitKind(models.TextChoices):
    COUNCIL = "council", _("council")
    EXECUTIVE_BOARD = "executive_board", _("executive board")
    COMMITTEE = "committee", _("committee")
    DEPARTMENT = "department", _("department")
    CENTRAL_OFFICE = "central_office", _("central office")
    COMPANY = "company", _("municipal company")
    WORKING_GROUP = "working_group", _("working group")
    NETWORK = "network", _("internal network")


# The kinds that run operations and so must name an international contact person (VX-8).
OPERATIONAL_UNIT_KINDS = frozenset({UnitKind.DEPARTMENT, UnitKind.CENTRAL_OFFICE, UnitKind.COMPANY})
# The kinds that are groups of people rather than parts of the line organisation (VX-10).
GROUP_UNIT_KINDS = frozenset({UnitKind.WORKING_GROUP, UnitKind.NETWORK})


class PersonKind(models.TextChoices):
    POLITICIAN = "politician", _("elected representative")
    OFFICIAL = "official", _("official")
    EXTERNAL = "external", _("external contact")


class UnitRoleKind(models.TextChoices):
    CONTACT_PERSON = "contact_person", _("contact person")
    EU_CONTACT = "eu_contact", _("EU contact")
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")


class Role(models.TextChoices):
    """A user's role in one organisation. The system administrator is a superuser instead."""

    COORDINATOR = "coordinator", _("international coordinator")
    EDITOR = "editor", _("editor")
    READER = "reader", _("reader")
