"""Rules only where the strategy has them (ST-5): every "the strategy …" on an engagement's page comes from
the organisation's own rule settings in force — checked on every demo engagement of all five organisations."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from utblick.engagements.models import Engagement
from utblick.organisations.models import Organisation
from utblick.strategies.registry import get_rule
from utblick.strategies.selectors import rule_settings_in_force
from utblick.watch.selectors import needs_funding_step

RULE_MARK = re.compile(r'class="strategy-rule" data-rule="([a-z_]+)"')
# Claims that would not come from a rule setting: the old fixed sentences.
FIXED_CLAIMS = ("Strategin kräver", "Strategin ber", "The strategy asks", "The strategy requires")


@pytest.mark.django_db
@pytest.mark.requirement("ST-5", "KR-4", "ST-3")
def test_every_claim_about_the_strategy_comes_from_the_organisations_own_rules():
    call_command("load_demo", verbosity=0)
    seen_funding_claim = {}
    for organisation in Organisation.objects.order_by("slug"):
        in_force = {setting.key for setting in rule_settings_in_force(organisation=organisation)}
        client = Client()
        client.force_login(get_user_model().objects.get(email=f"samordnare@{organisation.slug}.example"))
        engagements = Engagement.objects.filter(organisation=organisation)
        assert engagements.count() >= 8, organisation.slug
        for engagement in engagements:
            pages = [engagement.get_absolute_url()]
            if needs_funding_step(engagement):
                pages.append(f"/o/{organisation.slug}/watch/engagements/{engagement.pk}/funding/")
            wanted = {key for key in in_force if get_rule(key) and get_rule(key).concerns(engagement.kind)}
            for path in pages:
                html = client.get(path).content.decode()
                claims = set(RULE_MARK.findall(html))
                assert claims <= in_force, (organisation.slug, path, claims - in_force)
                assert not [claim for claim in FIXED_CLAIMS if claim in html], (organisation.slug, path)
                if path == engagement.get_absolute_url():
                    assert claims >= wanted, (organisation.slug, engagement.title, wanted - claims)
                if "funding_investigated" in claims:
                    seen_funding_claim[organisation.slug] = True
        assert seen_funding_claim.get(organisation.slug, False) == ("funding_investigated" in in_force)
    # The seeds: Kristianstad (KR-4) and Växjö (VX-3) investigate external funding; the others have no such rule.
    assert set(seen_funding_claim) == {"kristianstad", "vaxjo"}


@pytest.mark.django_db
def test_a_stockholm_visit_says_its_strategy_has_no_funding_rule():
    call_command("load_demo", verbosity=0)
    stockholm = Organisation.objects.get(slug="stockholm")
    visit = Engagement.objects.get(organisation=stockholm, title="Studiebesök i Köpenhamn om livsmedelskontroll")
    visit.status = "planned"
    visit.funding_outcome = ""
    visit.save()
    client = Client()
    client.force_login(get_user_model().objects.get(email="samordnare@stockholm.example"))
    html = client.get(visit.get_absolute_url()).content.decode()
    assert "Er strategi har ingen regel om det" in html and 'data-rule="funding_investigated"' not in html
    kristianstad = Engagement.objects.get(title="Digital omsorg i glesbygd")
    client.force_login(get_user_model().objects.get(email="samordnare@kristianstad.example"))
    html = client.get(kristianstad.get_absolute_url()).content.decode()
    assert 'data-rule="funding_investigated"' in html and "Enligt strategin: Innan ett planerat" in html
