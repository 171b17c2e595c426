"""The partner network: what organisations share with each other, in this installation and across installations.

``NetworkRecord`` is an engagement as the network shows it — the shared fields only, never the description,
results, money or attachments — either of this installation (kept up to date from the register by
``services.record_refresh``) or harvested read-only from a peer installation's feed (``Peer``).
``PartnerCall`` is an organisation saying it prepares an application and looks for partners.
``FeedToken`` lets a peer installation read this installation's shared feed.
"""

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.models import AuditedModel, VersionedModel
from utblick.engagements.choices import Kind, Programme, ProjectStage
from utblick.engagements.models import Engagement, country_name
from utblick.organisations import permissions as perms
from utblick.organisations.models import Organisation, Person


class PeerKind(models.TextChoices):
    PUBLIC = "public", _("published data (open, no token)")
    SHARED = "shared", _("shared data (with a token the peer gave us)")


class Peer(AuditedModel):
    """Another Utblick installation whose feed ``partner_harvest`` reads (a municipality running its own)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    feed_url = models.URLField(
        _("feed address"),
        max_length=500,
        help_text=_("The peer's /network/feed.json (shared data) or /public/<organisation>/partners.json."),
    )
    kind = models.CharField(_("kind of feed"), max_length=10, choices=PeerKind.choices, default=PeerKind.PUBLIC)
    token = models.CharField(
        _("token"),
        max_length=200,
        blank=True,
        help_text=_("For a shared feed: the token the peer's administrator made for this installation."),
    )
    is_active = models.BooleanField(_("harvested"), default=True)
    last_harvest_at = models.DateTimeField(_("last harvested"), null=True, blank=True, editable=False)
    last_harvest_ok = models.BooleanField(_("last harvest succeeded"), null=True, editable=False)
    last_harvest_message = models.TextField(_("last harvest"), blank=True, editable=False)

    class Meta:
        verbose_name = _("peer installation")
        verbose_name_plural = _("peer installations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedTokenQuerySet(models.QuerySet):
    def matching(self, token: str) -> "FeedTokenQuerySet":
        return self.filter(key_hash=_token_hash(token), revoked_at__isnull=True)


class FeedToken(AuditedModel):
    """A peer installation's key to this installation's shared feed; stored as a hash, shown once."""

    name = models.CharField(_("peer installation"), max_length=200)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("begins with"), max_length=8, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("feed token")
        verbose_name_plural = _("feed tokens")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, user: Any = None) -> tuple["FeedToken", str]:
        token = "utbf_" + secrets.token_urlsafe(32)
        row = cls.objects.create(name=name, key_hash=_token_hash(token), prefix=token[:8], created_by=user)
        return row, token


class NetworkRecordQuerySet(models.QuerySet):
    def visible(self) -> "NetworkRecordQuerySet":
        """Records anyone signed in may find: harvested ones, and local ones of organisations taking part.

        The refresh keeps only shared, non-confidential engagements here; the organisation's switch is
        checked again so that turning it off hides everything at once, whatever a refresh missed.
        """
        return self.filter(
            Q(peer__isnull=False, peer__is_active=True)
            | Q(organisation__network_sharing=True, organisation__is_active=True)
        )

    def local(self) -> "NetworkRecordQuerySet":
        return self.filter(peer__isnull=True)


class NetworkRecord(models.Model):
    """An engagement as the partner network shows it: derived data, rebuilt from its source, no history of its own."""

    engagement = models.OneToOneField(
        Engagement, null=True, blank=True, on_delete=models.CASCADE, related_name="network_record"
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    peer = models.ForeignKey(Peer, null=True, blank=True, on_delete=models.CASCADE, related_name="records")
    remote_id = models.CharField(max_length=100, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_slug = models.CharField(max_length=100)
    kind = models.CharField(_("kind"), max_length=20)
    title = models.CharField(_("title"), max_length=250)
    status = models.CharField(_("status"), max_length=20, blank=True)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    programme = models.CharField(_("programme"), max_length=30, blank=True)
    call_identifier = models.CharField(_("call"), max_length=120, blank=True)
    starts_year = models.PositiveSmallIntegerField(null=True, blank=True)
    ends_year = models.PositiveSmallIntegerField(null=True, blank=True)
    countries = models.CharField(max_length=400, blank=True, help_text=_("Country codes between spaces."))
    partners = models.JSONField(default=list, blank=True)
    directions = models.JSONField(default=list, blank=True)
    themes = models.JSONField(default=list, blank=True)
    network = models.CharField(_("network"), max_length=200, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(max_length=254, blank=True)
    looking_for_partners = models.BooleanField(default=False)
    partner_note = models.TextField(blank=True)
    # What the text search reads: title, partners, network, programme, call, directions and themes.
    search_text = models.TextField(blank=True)
    # Lower-case, between "|": the partner names and cities, for the partner-city filter.
    partner_names = models.TextField(blank=True)
    # Lower-case, between "|": the directions and themes, for the direction/theme filter.
    strategy_words = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = NetworkRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner network record")
        verbose_name_plural = _("partner network records")
        ordering = ["organisation_name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["peer", "remote_id"], condition=Q(peer__isnull=False), name="network_record_unique_remote"
            ),
            models.CheckConstraint(
                condition=Q(engagement__isnull=False, peer__isnull=True)
                | Q(engagement__isnull=True, peer__isnull=False),
                name="network_record_local_or_harvested",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "programme"]),
            models.Index(fields=["organisation_name", "title"]),
            models.Index(fields=["starts_year", "ends_year"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_harvested(self) -> bool:
        return self.peer_id is not None

    @property
    def country_codes(self) -> list[str]:
        return self.countries.split()

    @property
    def country_names(self) -> list[str]:
        return [country_name(code) for code in self.country_codes]

    @property
    def kind_label(self) -> str:
        return str(dict(Kind.choices).get(self.kind, self.kind))

    @property
    def programme_label(self) -> str:
        return str(dict(Programme.choices).get(self.programme, self.programme))

    @property
    def stage_label(self) -> str:
        return str(dict(ProjectStage.choices).get(self.stage, "")) if self.stage else ""


class PartnerCallQuerySet(perms.ScopedQuerySet):
    def open(self) -> "PartnerCallQuerySet":
        return self.filter(withdrawn_at__isnull=True)

    def for_others(self) -> "PartnerCallQuerySet":
        """What other organisations see: open calls of organisations taking part, never a confidential plan."""
        from utblick.engagements.choices import Confidentiality

        return (
            self.open()
            .filter(organisation__network_sharing=True, organisation__is_active=True)
            .filter(Q(engagement__isnull=True) | Q(engagement__confidentiality=Confidentiality.OPEN))
        )


class PartnerCall(VersionedModel):
    """ "We are preparing an application and looking for partners": on a funding call, or on a planned project."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partner_calls", verbose_name=_("organisation")
    )
    item = models.ForeignKey(
        "watch.Item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_calls",
        verbose_name=_("funding call"),
    )
    engagement = models.ForeignKey(
        Engagement,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="partner_calls",
        verbose_name=_("planned project"),
    )
    topic = models.CharField(
        _("call identifier"),
        max_length=250,
        blank=True,
        help_text=_(
            "The call's identifier as the funding portal gives it; other organisations' desks find it by this."
        ),
    )
    title = models.CharField(_("call"), max_length=500)
    programme = models.CharField(_("programme"), max_length=120, blank=True)
    closes_on = models.DateField(_("deadline"), null=True, blank=True)
    note = models.TextField(
        _("note"),
        max_length=1000,
        blank=True,
        help_text=_("What you plan and what kind of partner you look for, in a few sentences."),
    )
    contact = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact"),
        help_text=_("Whom others write to; their work e-mail is shown to the other organisations."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)

    objects = PartnerCallQuerySet.as_manager()
    scope_organisation_field = "organisation"

    class Meta:
        verbose_name = _("search for partners")
        verbose_name_plural = _("searches for partners")
        ordering = ["closes_on", "title"]
        indexes = [models.Index(fields=["topic"])]
        rules_permissions = {
            "view": perms.is_member,
            "add": perms.is_writer,
            "change": perms.is_writer,
            "delete": perms.is_writer,
        }

    def __str__(self) -> str:
        return self.title

    @property
    def scope_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None

    @property
    def contact_email(self) -> str:
        return self.contact.email if self.contact_id and self.contact else ""

    def get_absolute_url(self) -> str:
        if self.engagement_id and self.engagement is not None:
            return self.engagement.get_absolute_url()
        from django.urls import reverse

        return reverse("watch:item", kwargs={"org": self.organisation.slug, "pk": self.item_id}) if self.item_id else ""
