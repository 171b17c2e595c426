"""The register's partner filter: every partner offered by name, the chosen one kept, only its engagements listed."""

import re

import pytest

from .factories import EngagementFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.requirement("VX-1")
def test_the_list_filters_by_one_of_hundreds_of_partners(world, client_for):
    partners = [PartnerFactory(organisation=world.org_a, name=f"Vänort {n:03d} & <co>") for n in range(300)]
    chosen = partners[137]
    with_chosen = EngagementFactory(owner_unit=world.unit_a, title="Utbyte med den valda")
    with_chosen.partners.add(chosen)
    EngagementFactory(owner_unit=world.unit_a, title="Utbyte med en annan").partners.add(partners[3])
    PartnerFactory(organisation=world.org_b, name="Grannens partner")
    client = client_for("reader_a")

    page = client.get(f"/o/{world.org_a.slug}/engagements/?partner={chosen.pk}").content.decode()
    select = re.search(r'<select name="partner".*?</select>', page, re.S).group(0)
    assert select.count("<option") == 301  # "all partners" and each of the organisation's own, by name
    assert "Grannens partner" not in select
    assert f'<option value="{chosen.pk}" selected>Vänort 137 &amp; &lt;co&gt;</option>' in select
    assert "Utbyte med den valda" in page and "Utbyte med en annan" not in page

    other_organisations = PartnerFactory(organisation=world.org_b)
    refused = client.get(f"/o/{world.org_a.slug}/engagements/?partner={other_organisations.pk}").content.decode()
    assert "Utbyte med en annan" in refused  # not a choice here: nothing filtered by it
    assert 'class="errorlist' in refused or "giltigt val" in refused
