from django.core.files.base import ContentFile

from utblick.core.testing import COORDINATORS_WRITE, LOGIN, UrlCase, expect
from utblick.organisations.tests.factories import PersonFactory


def org(world):
    return {"org": world.org_a.slug}


def person(world):
    return {"org": world.org_a.slug, "pk": PersonFactory(organisation=world.org_a).pk}


def run(world):
    from utblick.privacy.models import RetentionRun

    archived = RetentionRun(organisation=world.org_a, run_on="2026-12-06", counts={"trip": 1})
    archived.archive.save("gallring-test.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    return {"org": world.org_a.slug, "pk": archived.pk}


# Personal data pages are for the organisation's coordinators (and the administrator) only.
ERASED = expect(302, 302, 403, 403, 404, LOGIN)

CASES = [
    UrlCase("privacy:index", COORDINATORS_WRITE, org),
    UrlCase("privacy:person", COORDINATORS_WRITE, person),
    UrlCase("privacy:person_extract", COORDINATORS_WRITE, person),
    UrlCase("privacy:person_extract", COORDINATORS_WRITE, person, method="post", data=lambda w: {"case_number": ""}),
    UrlCase("privacy:person_correct", COORDINATORS_WRITE, person),
    UrlCase("privacy:person_erase", COORDINATORS_WRITE, person),
    UrlCase("privacy:person_erase", ERASED, person, method="post", data=lambda w: {"confirm": "on"}),
    UrlCase("privacy:retention", COORDINATORS_WRITE, org),
    UrlCase("privacy:retention_archive", COORDINATORS_WRITE, run),
]
