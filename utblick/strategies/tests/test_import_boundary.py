"""Strategy files cross no organisation's boundary (issue 14.1).

A coordinator of Kristianstad exports their strategy, changes it to name Växjö's strategy, Växjö as a
co-owner, Växjö's governing document or review, or a part only Växjö sees, and imports it through the
page, the API (dry run or not) and the command acting as them: every time the answer says why in
Swedish, and nothing of Växjö changes. The administrator's command may still do all of it.
"""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from utblick.engagements.tests.factories import EngagementFactory
from utblick.organisations.demo import load as load_organisations
from utblick.organisations.models import Organisation, Unit
from utblick.strategies.demo import load as load_strategies
from utblick.strategies.files import strategy_export
from utblick.strategies.models import Direction, GoverningDocument, Strategy, StrategyReview

SEEDS = Path(__file__).parents[1] / "demo_strategies"
KRISTIANSTAD = (SEEDS / "kristianstad.toml").read_text(encoding="utf-8")
VAXJO_SLUG = "vaxjo-internationell-strategi"
PAGE = "/o/kristianstad/strategy/import/"
API = "/api/v1/organisations/kristianstad/strategies/import/"


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _append(text: str, extra: str) -> str:
    return text.rstrip("\n") + "\n\n" + extra.strip() + "\n"


# Each file names something of Växjö (by slug, as co-owner, by its documents, reviews or own parts).
HOSTILE = {
    "another organisation's strategy slug": _replace(
        KRISTIANSTAD, 'slug = "kristianstad-internationellt-arbete"', f'slug = "{VAXJO_SLUG}"'
    ),
    "another organisation as co-owner": _replace(
        KRISTIANSTAD,
        '{ organisation = "kristianstad" },',
        '{ organisation = "kristianstad" },\n    { organisation = "vaxjo" },',
    ),
    "another organisation's governing document": _append(
        KRISTIANSTAD,
        """
[[governing_documents]]
organisation = "vaxjo"
title = "Målområde Arbete och Företag"
kind = "plan"
url = "https://evil.example/"
description = "Överskriven av Kristianstad"
""",
    ),
    "another organisation's review": _append(
        KRISTIANSTAD,
        """
[[reviews]]
organisation = "vaxjo"
reviewed_on = 2021-03-01
outcome = "replace"
""",
    ),
    "a part only another organisation sees": _replace(
        KRISTIANSTAD, 'code = "marknadsforing"', 'code = "marknadsforing"\nonly_for = "vaxjo"'
    ),
}
# What each file must be told, in Swedish.
WHY = {
    "another organisation's strategy slug": "tillhör en strategi som din organisation inte äger",
    "another organisation as co-owner": "Du är inte samordnare för Växjö kommun",
    "another organisation's governing document": "Du är inte samordnare för Växjö kommun",
    "another organisation's review": "Du är inte samordnare för Växjö kommun",
    "a part only another organisation sees": "Du är inte samordnare för Växjö kommun",
}


@pytest.fixture
def seeds(db):
    load_organisations()
    load_strategies()
    vaxjo = Organisation.objects.get(slug="vaxjo")
    direction = Direction.objects.filter(version__strategy__slug=VAXJO_SLUG).first()
    engagement = EngagementFactory(owner_unit=Unit.objects.filter(organisation=vaxjo).first())
    engagement.directions.set([direction])
    return engagement


def vaxjo_state() -> dict:
    """Everything of Växjö an import could touch."""
    vaxjo = Organisation.objects.get(slug="vaxjo")
    return {
        "strategy": strategy_export(Strategy.objects.get(slug=VAXJO_SLUG), organisation=None),
        "owned": sorted(vaxjo.strategies.values_list("slug", flat=True)),
        "documents": sorted(
            GoverningDocument.objects.filter(organisation=vaxjo).values_list("title", "url", "description")
        ),
        "reviews": sorted(
            StrategyReview.objects.filter(organisation=vaxjo).values_list("strategy__slug", "reviewed_on")
        ),
        "engagement_directions": sorted(
            Direction.objects.filter(engagements__organisation=vaxjo).values_list("pk", flat=True)
        ),
    }


def coordinator():
    from utblick.core.models import User

    return User.objects.get(email="samordnare@kristianstad.example")


def _page(text: str) -> tuple[int, str]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(coordinator())
    response = client.post(PAGE, {"file": SimpleUploadedFile("strategi.toml", text.encode())})
    return response.status_code, response.content.decode()


def _api(text: str, *, dry_run: bool) -> tuple[int, str]:
    client = APIClient()
    client.force_authenticate(coordinator())
    url = API + ("?dry_run=true" if dry_run else "")
    response = client.post(url, text, content_type="application/toml", HTTP_ACCEPT_LANGUAGE="sv")
    return response.status_code, repr(response.json())


def _api_json(text: str, *, dry_run: bool) -> tuple[int, str]:
    client = APIClient()
    client.force_authenticate(coordinator())
    response = client.post(API, {"content": text, "dry_run": dry_run}, format="json", HTTP_ACCEPT_LANGUAGE="sv")
    return response.status_code, repr(response.json())


def _command(text: str, tmp_path, *, dry_run: bool) -> tuple[int, str]:
    import io

    from django.utils import translation

    path = tmp_path / "strategi.toml"
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    args = [str(path), "--user", coordinator().email] + (["--dry-run"] if dry_run else [])
    with translation.override("sv"):
        try:
            call_command("strategy_import", *args, stderr=err, stdout=io.StringIO())
        except CommandError as error:
            return 1, err.getvalue() + str(error)
    return 0, err.getvalue()


PATHS = {
    "page": lambda text, tmp_path: _page(text),
    "api": lambda text, tmp_path: _api(text, dry_run=False),
    "api dry run": lambda text, tmp_path: _api(text, dry_run=True),
    "api json": lambda text, tmp_path: _api_json(text, dry_run=False),
    "api json dry run": lambda text, tmp_path: _api_json(text, dry_run=True),
    "command as a user": lambda text, tmp_path: _command(text, tmp_path, dry_run=False),
    "command as a user, dry run": lambda text, tmp_path: _command(text, tmp_path, dry_run=True),
}
REFUSED = {"page": 400, "api": 400, "api dry run": 400, "api json": 400, "api json dry run": 400}


@pytest.mark.requirement("X-1")
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_no_import_path_writes_anything_of_another_organisation(seeds, tmp_path, path, hostile):
    before = vaxjo_state()
    status, message = PATHS[path](HOSTILE[hostile], tmp_path)
    assert status == REFUSED.get(path, 1), message
    assert WHY[hostile] in message, message
    assert vaxjo_state() == before
    assert "Kristianstads kommuns internationella arbete" not in Client().get("/public/vaxjo/").content.decode()
