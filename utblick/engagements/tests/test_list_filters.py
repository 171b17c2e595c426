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


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


@pytest.mark.requirement("VX-1")
def test_the_filters_show_each_new_partner_unit_and_direction_at_once(world, client_for):
    from utblick.organisations.tests.factories import UnitFactory
    from utblick.strategies.tests.factories import strategy_for

    direction = strategy_for(world.org_a).versions.get().directions.get(code="samverkan")
    client = client_for("reader_a")
    url = f"/o/{world.org_a.slug}/engagements/?status=ongoing"
    first = client.get(url).content.decode()
    assert "Samverkan" in _options(first, "direction") and "Bodø" not in _options(first, "partner")
    assert client.get(url).content.decode().count("<option") == first.count("<option")  # drawn again alike

    PartnerFactory(organisation=world.org_a, name="Bodø")
    UnitFactory(organisation=world.org_a, name="Kulturförvaltningen")
    direction.name = "Samverkan i regionen"
    direction.save()
    PartnerFactory(organisation=world.org_b, name="Grannens nya partner")  # another organisation's: not offered

    page = client.get(url).content.decode()
    assert "Bodø" in _options(page, "partner") and "Grannens nya partner" not in _options(page, "partner")
    assert "Kulturförvaltningen" in _options(page, "owner_unit")
    assert "Samverkan i regionen" in _options(page, "direction") and "Samverkan" not in _options(page, "direction")
    chosen = client.get(f"{url}&direction={direction.pk}").content.decode()
    assert re.search(rf'<option value="{direction.pk}" selected>Samverkan i regionen</option>', chosen)

    client.cookies["django_language"] = "en"  # drawn per language
    assert "All partners" in _options(client.get(url).content.decode(), "partner")
