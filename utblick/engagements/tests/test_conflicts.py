"""A conflict can be resolved (X-4, ADR 0026): when two people edit one engagement, the second gets the
conflict page with the kind's own part, keeps theirs, takes the other's or merges field by field, and saves."""

import datetime

import pytest
from django.http import QueryDict

from utblick.core import conflicts
from utblick.core.services import model_save
from utblick.engagements import services
from utblick.engagements.choices import Kind
from utblick.engagements.models import (
    Advocacy,
    Agreement,
    Engagement,
    NetworkMembership,
    Project,
    Representation,
    Training,
    Trip,
    Visit,
)
from utblick.organisations.tests.factories import PersonFactory

from .factories import EngagementFactory, PartnerFactory


def _detail(world, engagement):
    kind = engagement.kind
    if kind == Kind.PROJECT:
        return Project.objects.create(engagement=engagement, call_identifier="HORIZON-CL5-2026")
    if kind == Kind.MEMBERSHIP:
        network = PartnerFactory(organisation=world.org_a, name="Eurocities", country="BE")
        return NetworkMembership.objects.create(engagement=engagement, network=network, purpose="Påverka EU")
    if kind == Kind.AGREEMENT:
        city = PartnerFactory(organisation=world.org_a, name="Kongsberg", country="NO")
        return Agreement.objects.create(engagement=engagement, partner_city=city, aim="Skolutbyte")
    if kind == Kind.VISIT:
        return Visit.objects.create(engagement=engagement, direction="incoming", purpose="Lära om biogas")
    if kind == Kind.TRIP:
        return Trip.objects.create(engagement=engagement, travellers=2)
    if kind == Kind.TRAINING:
        return Training.objects.create(engagement=engagement, topic="Interreg")
    if kind == Kind.REPRESENTATION:
        person = PersonFactory(organisation=world.org_a, name="Ada Lind")
        return Representation.objects.create(engagement=engagement, person=person, holder="official", body="CEMR")
    return Advocacy.objects.create(engagement=engagement, file_reference="COM(2026) 9", position="Vi stöder")


# For each kind: the kind's own field both people change, its label, the other person's and the user's value.
KIND_FIELD = {
    Kind.PROJECT: ("call_identifier", "Utlysning:", "HORIZON-CL5-2027", "LIFE-2026-SAP"),
    Kind.MEMBERSHIP: ("purpose", "Syfte:", "Påverka och lära", "Lära av andra städer"),
    Kind.AGREEMENT: ("aim", "Konkret inriktning:", "Lärarutbyte", "Elevutbyte i teknik"),
    Kind.VISIT: ("purpose", "Syfte:", "Biogas och avfall", "Biogaskedjan"),
    Kind.TRIP: ("travellers", "Resenärer:", "3", "4"),
    Kind.TRAINING: ("topic", "Ämne:", "Erasmus+", "Horisont Europa"),
    Kind.REPRESENTATION: ("body", "Styrelse, kommitté eller forum:", "CEMR:s styrelse", "CEMR:s policykommitté"),
    Kind.ADVOCACY: ("position", "Vår ståndpunkt:", "Vi stöder med förbehåll", "Vi vill ha undantag"),
}


def _engagement(world, kind):
    engagement = EngagementFactory(owner_unit=world.unit_a, kind=kind, title="Gemensamt arbete")
    _detail(world, engagement)
    return engagement


def _loaded(client, url):
    """The edit form's data as the browser holds it when the page has loaded."""
    response = client.get(url)
    data = QueryDict(mutable=True)
    for form in (response.context["form"], response.context["detail_form"]):
        for name in form.fields:
            data.setlist(form[name].html_name, conflicts._as_data(form[name]))
    return data


def _other_saves(world, engagement, field, value):
    """Someone else saves a new title and the kind's field meanwhile, through the service."""
    engagement = Engagement.objects.get(pk=engagement.pk)
    detail = services.detail_for(engagement)
    engagement.title = "Titel ändrad av någon annan"
    setattr(detail, field, value)
    services.engagement_save(engagement=engagement, detail=detail, user=world.user("coordinator_a"))


@pytest.mark.requirement("X-4")
@pytest.mark.parametrize("kind", list(KIND_FIELD))
def test_the_conflict_page_keeps_the_kinds_part_and_saves_the_choice(world, client_for, kind):
    field, _label, theirs, mine = KIND_FIELD[kind]
    engagement = _engagement(world, kind)
    url = f"/o/{world.org_a.slug}/engagements/{engagement.pk}/edit/"
    editor = client_for("editor_a")
    data = _loaded(editor, url)
    _other_saves(world, engagement, field, theirs)

    data["description"] = "Min beskrivning"
    data[f"detail-{field}"] = mine
    conflict = editor.post(url, data)
    assert conflict.status_code == 409
    page = conflict.content.decode()
    resolution = conflict.context["resolution"]
    assert [c.name for c in resolution.choices] == [f"detail-{field}"]
    assert "title" in [c.name for c in resolution.taken_over]  # (a trip also takes the factor set over)
    forms = dict(conflict.context["conflict_forms"])
    detail_form = list(forms.values())[1]
    assert detail_form[field].value() in (mine, int(mine) if mine.isdigit() else mine)  # everything typed is there
    assert "Titel ändrad av någon annan" in page and "Min beskrivning" in page
    assert f'name="resolve-detail-{field}"' in page

    # Saved from the conflict page: the other person's value chosen for the field both changed.
    again = QueryDict(mutable=True)
    for form in forms.values():
        for name in form.fields:
            again.setlist(form[name].html_name, form.data.getlist(form[name].html_name))
    again[f"resolve-detail-{field}"] = "theirs"
    saved = editor.post(url, again)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    engagement.refresh_from_db()
    detail = services.detail_for(engagement)
    assert engagement.title == "Titel ändrad av någon annan" and engagement.description == "Min beskrivning"
    assert str(getattr(detail, field)) == theirs and engagement.version == 3


@pytest.mark.requirement("X-4")
def test_keeping_ones_own_values_overwrites_only_what_both_changed(world, client_for):
    engagement = _engagement(world, Kind.MEMBERSHIP)
    url = f"/o/{world.org_a.slug}/engagements/{engagement.pk}/edit/"
    editor = client_for("editor_a")
    data = _loaded(editor, url)
    _other_saves(world, engagement, "purpose", "Påverka och lära")
    data["detail-purpose"] = "Lära av andra städer"
    data["detail-yearly_fee"] = "85000"
    conflict = editor.post(url, data)
    resolved = conflict.context["resolution"].data.copy()
    resolved["resolve-detail-purpose"] = "mine"
    assert editor.post(url, resolved).status_code == 302
    engagement.refresh_from_db()
    membership = engagement.membership
    assert (engagement.title, membership.purpose, membership.yearly_fee) == (
        "Titel ändrad av någon annan",
        "Lära av andra städer",
        85000,
    )


@pytest.mark.requirement("X-4")
def test_a_third_save_meanwhile_gives_the_conflict_page_again(world, client_for):
    engagement = _engagement(world, Kind.TRAINING)
    url = f"/o/{world.org_a.slug}/engagements/{engagement.pk}/edit/"
    editor = client_for("editor_a")
    data = _loaded(editor, url)
    _other_saves(world, engagement, "topic", "Erasmus+")
    data["detail-topic"] = "Horisont Europa"
    resolved = editor.post(url, data).context["resolution"].data
    current = Engagement.objects.get(pk=engagement.pk)
    current.description = "Ännu en ändring"
    model_save(current, user=world.user("coordinator_a"))
    assert editor.post(url, resolved).status_code == 409
    assert Engagement.objects.get(pk=engagement.pk).description == "Ännu en ändring"


def test_the_base_is_read_from_the_history(world):
    engagement = _engagement(world, Kind.PROJECT)
    engagement.title = "Andra titeln"
    model_save(engagement, user=None)
    assert conflicts.base_of(engagement, 1).title == "Gemensamt arbete"
    assert conflicts.base_of(engagement, 2).title == "Andra titeln"
    assert conflicts.before(Project, engagement.pk, datetime.datetime.now(datetime.UTC)).call_identifier == (
        "HORIZON-CL5-2026"
    )


@pytest.mark.browser
@pytest.mark.requirement("X-4")
@pytest.mark.parametrize("kind", list(KIND_FIELD))
def test_the_second_editor_resolves_the_conflict_in_the_browser(kind, page, sign_in, axe, world):
    field, label, theirs, mine = KIND_FIELD[kind]
    engagement = _engagement(world, kind)
    sign_in(world.user("editor_a").email)
    page.goto(f"/o/{world.org_a.slug}/engagements/{engagement.pk}/edit/")
    _other_saves(world, engagement, field, theirs)
    page.get_by_label("Beskrivning:", exact=True).fill("Min beskrivning")
    page.get_by_label(label, exact=True).fill(mine)
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name="Spara", exact=True).click()
    assert answer.value.status == 409
    assert page.get_by_role("heading", level=1).inner_text() == "Någon annan sparade först"
    # The kind's own part is on the page, holding what was typed; the other's title was taken over.
    assert page.get_by_label(label, exact=True).input_value() == mine
    assert page.get_by_label("Beskrivning:", exact=True).input_value() == "Min beskrivning"
    assert page.get_by_label("Titel:", exact=True).input_value() == "Titel ändrad av någon annan"
    axe()
    page.locator(f'input[name="resolve-detail-{field}"][value="theirs"]').check()
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url(f"**{engagement.get_absolute_url()}")
    engagement.refresh_from_db()
    assert engagement.description == "Min beskrivning" and engagement.title == "Titel ändrad av någon annan"
    assert str(getattr(services.detail_for(engagement), field)) == theirs
