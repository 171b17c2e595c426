"""A rule's settings on real form fields, one per parameter the rule declares (ST-5): a number with its
bounds, a tick box, a text, a choice, a list of choices and a list of words; each refuses bad input on its
own field in Swedish and changes nothing; the form works without scripts in two steps (the rule, then its
parameters)."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from utblick.strategies import registry
from utblick.strategies.forms import RuleSettingForm
from utblick.strategies.models import RuleSetting

from .factories import strategy_for


class Everything(registry.Rule):
    """A rule declared in the test with one parameter of every kind the registry knows."""

    key = "test_every_kind"
    title = gettext_lazy("Every unit has a contact person")
    requirement = "ST-5"
    parameters = (
        registry.Parameter("months", int, 24, gettext_lazy("months between evaluations"), 1, 120),
        registry.Parameter("strict", bool, False, gettext_lazy("switched on")),
        registry.Parameter("word", str, "", gettext_lazy("note")),
        registry.Parameter(
            "holder",
            str,
            "politician",
            gettext_lazy("rule"),
            choices=(("politician", "politiker"), ("official", "tjänsteperson")),
        ),
        registry.Parameter(
            "kinds",
            list,
            ["department"],
            gettext_lazy("kinds of unit"),
            choices=(("department", "förvaltning"), ("company", "bolag")),
        ),
        registry.Parameter("words", list, [], gettext_lazy("parameters")),
    )

    @classmethod
    def describe(cls, values=None) -> str:
        return ""


@pytest.fixture
def every_kind(monkeypatch):
    monkeypatch.setitem(registry.RULES, Everything.key, Everything)
    return Everything


@pytest.fixture
def version(world):
    return strategy_for(world.org_a).versions.get()


def _form(version, world, data=None, instance=None):
    return RuleSettingForm(data, instance=instance, version=version, organisation=world.org_a)


VALID = {
    "key": "test_every_kind",
    "parameters_for": "test_every_kind",
    "enabled": "on",
    "order": "0",
    "parameter_months": "12",
    "parameter_strict": "on",
    "parameter_word": "grannar",
    "parameter_holder": "official",
    "parameter_kinds": ["department", "company"],
    "parameter_words": "Eurocities\n\n ICLEI \n",
}


@pytest.mark.requirement("ST-5")
def test_every_kind_of_parameter_gets_its_own_field_and_is_stored_typed(every_kind, version, world):
    form = RuleSettingForm(initial={"key": "test_every_kind"}, version=version, organisation=world.org_a)
    fields = form.fields
    assert type(fields["parameter_months"]).__name__ == "IntegerField"
    assert type(fields["parameter_strict"]).__name__ == "BooleanField"
    assert type(fields["parameter_word"]).__name__ == "CharField"
    assert type(fields["parameter_holder"]).__name__ == "ChoiceField"
    assert type(fields["parameter_kinds"]).__name__ == "MultipleChoiceField"
    assert type(fields["parameter_words"]).__name__ == "CharField"
    with translation.override("sv"):
        assert str(fields["parameter_months"].label) == "Månader mellan utvärderingar"
        assert "Ett heltal från 1 till 120." in str(fields["parameter_months"].help_text)
        assert dict(fields["parameter_kinds"].choices) == {"department": "Förvaltning", "company": "Bolag"}
    assert form.initial["parameter_months"] == 24 and form.initial["parameter_kinds"] == ["department"]
    bound = _form(version, world, VALID)
    assert bound.is_valid(), bound.errors
    assert bound.save().parameters == {
        "months": 12,
        "strict": True,
        "word": "grannar",
        "holder": "official",
        "kinds": ["department", "company"],
        "words": ["Eurocities", "ICLEI"],
    }


@pytest.mark.requirement("ST-5")
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("parameter_months", "0", "Kontrollera att detta värde är större än eller lika med 1."),
        ("parameter_months", "121", "Kontrollera att detta värde är mindre än eller lika med 120."),
        ("parameter_months", "tolv", "Fyll i ett heltal."),
        ("parameter_holder", "mayor", "Välj ett giltigt alternativ."),
        ("parameter_kinds", [], "Välj minst ett."),
        ("parameter_kinds", ["council"], "Välj ett giltigt alternativ."),
        ("parameter_word", "x" * 201, "som mest 200 tecken"),
    ],
)
def test_each_parameter_refuses_bad_input_on_its_own_field_in_swedish(
    every_kind, version, world, field, value, message
):
    with translation.override("sv"):
        form = _form(version, world, {**VALID, field: value})
        assert not form.is_valid()
        assert list(form.errors) == [field]
        assert message in " ".join(form.errors[field])


def test_a_tick_box_left_empty_is_false(every_kind, version, world):
    data = {key: value for key, value in VALID.items() if key != "parameter_strict"}
    form = _form(version, world, data)
    assert form.is_valid(), form.errors
    assert form.save().parameters["strict"] is False


@pytest.mark.requirement("ST-5")
def test_without_scripts_a_rule_is_chosen_then_its_parameters_are_filled_in(version, world, client_for):
    client = client_for("coordinator_a")
    url = f"/o/{world.org_a.slug}/strategy/versions/{version.pk}/rules/add/"
    first = client.post(url, {"key": "yearly_report_per_unit", "enabled": "on", "order": "3"})
    html = first.content.decode()
    assert first.status_code == 200 and not RuleSetting.objects.exists()
    assert "Regeln har parametrar: kontrollera dem nedan och spara igen." in html
    assert 'name="parameter_due_month" value="2"' in html  # the default, to check
    assert "Månad då rapporten ska lämnas" in html and "1 är januari" in html
    saved = client.post(
        url,
        {"key": "yearly_report_per_unit", "parameters_for": "yearly_report_per_unit", "enabled": "on", "order": "3"}
        | {"parameter_due_month": "3"},
    )
    assert saved.status_code == 302
    assert RuleSetting.objects.get(version=version).parameters == {"due_month": 3}
    # A rule without parameters is saved at once; a link can open the form with a rule chosen.
    assert client.post(url, {"key": "flight_compensation", "enabled": "on", "order": "4"}).status_code == 302
    opened = client.get(url + "?rule=dormant_twin_city").content.decode()
    assert 'name="parameter_months" value="24"' in opened


@pytest.mark.requirement("ST-5")
def test_a_coordinator_edits_a_stored_parameter_and_a_bad_one_changes_nothing(version, world, client_for):
    setting = RuleSetting.objects.create(
        version=version, key="contact_person_per_unit", parameters={"unit_kinds": ["company"]}
    )
    client = client_for("coordinator_a")
    url = f"/o/{world.org_a.slug}/strategy/rules/{setting.pk}/edit/"
    page = client.get(url).content.decode()
    assert "Redigera Varje enhet har en kontaktperson" in page
    ticked = re.findall(r'<input type="checkbox" name="parameter_unit_kinds" value="(\w+)"[^>]*checked', page)
    assert ticked == ["company"]
    assert 'name="key"' in page and "disabled" in page  # the rule itself stays
    refused = client.post(url, {"enabled": "on", "order": "0", "parameters_for": "contact_person_per_unit"})
    assert refused.status_code == 200 and "Välj minst ett." in refused.content.decode()
    setting.refresh_from_db()
    assert setting.parameters == {"unit_kinds": ["company"]}
    changed = client.post(
        url,
        {
            "key": "membership_evaluation",  # ignored: a saved setting keeps its rule
            "enabled": "on",
            "order": "0",
            "parameters_for": "contact_person_per_unit",
            "parameter_unit_kinds": ["department", "company"],
        },
    )
    assert changed.status_code == 302
    setting.refresh_from_db()
    assert setting.key == "contact_person_per_unit"
    assert setting.parameters == {"unit_kinds": ["department", "company"]}
    assert setting.history.count() == 2  # the edit stands in the history


def test_an_editor_or_reader_cannot_change_a_rule(version, world, client_for):
    setting = RuleSetting.objects.create(version=version, key="membership_evaluation", parameters={"months": 24})
    for persona in ("editor_a", "reader_a"):
        response = client_for(persona).post(
            f"/o/{world.org_a.slug}/strategy/rules/{setting.pk}/edit/",
            {"enabled": "on", "order": "0", "parameters_for": "membership_evaluation", "parameter_months": "1"},
        )
        assert response.status_code == 403
    setting.refresh_from_db()
    assert setting.parameters == {"months": 24}
