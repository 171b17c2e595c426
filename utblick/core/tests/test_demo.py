"""The demo data: five seed organisations, loaded idempotently, with working sign-ins."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from utblick.organisations.demo import DEMO_PASSWORD, sign_ins
from utblick.organisations.models import Organisation

SEED_SLUGS = {"kristianstad", "vaxjo", "linkoping", "norrkoping", "stockholm"}


def _history_rows() -> int:
    return sum(model.objects.count() for model in apps.get_models() if model.__name__.startswith("Historical"))


@pytest.mark.django_db
def test_load_demo_creates_the_five_organisations_and_a_second_run_changes_nothing():
    call_command("load_demo", verbosity=0)
    assert set(Organisation.objects.values_list("slug", flat=True)) == SEED_SLUGS
    rows = {model._meta.label: model.objects.count() for model in apps.get_models()}
    history = _history_rows()

    call_command("load_demo", verbosity=0)

    assert {model._meta.label: model.objects.count() for model in apps.get_models()} == rows
    assert _history_rows() == history


@pytest.mark.django_db
def test_every_printed_demo_sign_in_works():
    call_command("load_demo", verbosity=0)
    for email, _label in sign_ins():
        client = Client()
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"{email} could not sign in"
        start = client.get("/", follow=True)
        assert start.status_code == 200, email
