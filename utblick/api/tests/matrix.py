"""Every API address × persona (X-3, X-6): the same answers as the pages, in the API's terms.

Outside one's organisations 404, too low a role 403, no credentials 401 (the API never sends
anyone to the sign-in page). Each case runs with the persona's session, as the browsable API does.
"""

import datetime

from utblick.core.testing import PUBLIC, UrlCase, expect
from utblick.engagements.choices import Kind
from utblick.engagements.tests.matrix import _engagement

JSON = "application/json"
SIGNED_IN = expect(200, 200, 200, 200, 200, 401)
READ = expect(200, 200, 200, 200, 404, 401)
COORDINATORS_CREATE = expect(201, 201, 403, 403, 404, 401)
COORDINATORS_CHANGE = expect(200, 200, 403, 403, 404, 401)
COORDINATORS_DELETE = expect(204, 204, 403, 403, 404, 401)
UNIT_EDITORS_CREATE = expect(201, 201, 201, 403, 404, 401)
OTHER_UNIT_CREATE = expect(201, 201, 403, 403, 404, 401)
UNIT_EDITORS_CHANGE = expect(200, 200, 200, 403, 404, 401)
OTHER_UNIT_CHANGE = expect(200, 200, 403, 403, 404, 401)
UNIT_EDITORS_DELETE = expect(204, 204, 204, 403, 404, 401)
MEMBERS_START = expect(202, 202, 202, 202, 404, 401)
COORDINATORS_CHECK = expect(200, 200, 403, 403, 404, 401)
PAGE_SIGNED_IN = expect(200, 200, 200, 200, 200, "login")
NOBODY = expect(404, 404, 404, 404, 404, 401)
# Imported watch items change only with their source's imports, whoever asks (ADR 0012).
IMPORTED_ITEM_WRITE = expect(403, 403, 403, 403, 404, 401)


def org(world):
    return {"organisation_slug": world.org_a.slug}


def org_detail(world):
    return {"slug": world.org_a.slug}


def unit(world):
    return {**org(world), "pk": world.unit_a.pk}


def person(world):
    from utblick.organisations.tests.factories import PersonFactory

    return {**org(world), "pk": PersonFactory(organisation=world.org_a).pk}


def role(world):
    from utblick.organisations.choices import UnitRoleKind
    from utblick.organisations.tests.factories import UnitRoleFactory

    return {**org(world), "pk": UnitRoleFactory(unit=world.unit_a, role=UnitRoleKind.MEMBER).pk}


def own(world, kind=Kind.PROJECT):
    return {**org(world), "pk": _engagement(world, world.unit_a, kind).pk}


def own_where_editors_publish(world):
    world.org_a.editors_may_publish = True
    world.org_a.save()
    return own(world)


def others(world):
    return {**org(world), "pk": _engagement(world, world.other_unit_a).pk}


def under(kind, attribute, factory, unit="unit_a"):
    """An engagement with one record under it (its kind's record, or itself without ``attribute``):
    (list kwargs, detail kwargs)."""

    def parent(world):
        engagement = _engagement(world, getattr(world, unit), kind)
        return {**org(world), "engagement_pk": engagement.pk}

    def record(world):
        engagement = _engagement(world, getattr(world, unit), kind)
        made = factory(getattr(engagement, attribute) if attribute else engagement)
        return {**org(world), "engagement_pk": engagement.pk, "pk": made.pk}

    return parent, record


def _exchange(agreement):
    from utblick.engagements.models import Exchange

    return Exchange.objects.create(
        agreement=agreement, happened_on=datetime.date(2026, 5, 4), kind="cultural", description="Kör"
    )


def _review(agreement):
    from utblick.engagements.models import AgreementReview

    return AgreementReview.objects.create(agreement=agreement, deadline=datetime.date(2026, 12, 31))


def _evaluation(membership):
    from utblick.engagements.models import Evaluation

    return Evaluation.objects.create(
        membership=membership, evaluated_on=datetime.date(2026, 2, 1), evaluated_by="KS", verdict="continue"
    )


def _leg(trip):
    from utblick.engagements.models import TripLeg

    return TripLeg.objects.create(
        trip=trip, from_city="Växjö", from_country="SE", to_city="Bryssel", to_country="BE", mode="rail"
    )


def _budget_line(engagement):
    from utblick.engagements.models import BudgetLine

    return BudgetLine.objects.create(engagement=engagement, label="Resor", planned=40000)


budget_lines, budget_line = under(Kind.PROJECT, None, _budget_line)
others_budget_lines, others_budget_line = under(Kind.PROJECT, None, _budget_line, unit="other_unit_a")
exchanges, exchange = under(Kind.AGREEMENT, "agreement", _exchange)
reviews, review = under(Kind.AGREEMENT, "agreement", _review)
evaluations, evaluation = under(Kind.MEMBERSHIP, "membership", _evaluation)


def _assessment(visit):
    from utblick.engagements.models import VisitAssessment

    return VisitAssessment.objects.create(visit=visit, capacity="Vi har plats.")


def _grades(world):
    from utblick.strategies.selectors import directions_in_force

    return [{"direction": direction.pk, "fit": "well"} for direction in directions_in_force(world.org_a)]


visit_requests, visit_assessment = under(Kind.VISIT, "visit", _assessment)
legs, leg = under(Kind.TRIP, "trip", _leg)


def partner(world):
    from utblick.engagements.tests.factories import PartnerFactory

    return {**org(world), "pk": PartnerFactory(organisation=world.org_a).pk}


def deviation(world):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from utblick.followup.models import Deviation

    engagement = _engagement(world, world.unit_a)
    found = Deviation.objects.create(
        organisation=world.org_a,
        unit=world.unit_a,
        rule_key="directions_required",
        subject_type=ContentType.objects.get_for_model(engagement),
        subject_id=engagement.pk,
        subject_label=engagement.title,
        fingerprint=f"matrix-{engagement.pk}",
        first_seen=timezone.now(),
        last_seen=timezone.now(),
    )
    return {**org(world), "pk": found.pk}


def strategy(world):
    from utblick.strategies.tests.factories import strategy_for

    return {**org(world), "pk": strategy_for(world.org_a).pk}


def strategy_file(world):
    from utblick.strategies.files import strategy_export
    from utblick.strategies.tests.factories import strategy_for

    return {"content": strategy_export(strategy_for(world.org_a), organisation=world.org_a), "dry_run": True}


def build(world):
    from utblick.followup.models import ReportBuild

    done = ReportBuild.objects.create(
        organisation=world.org_a,
        parameters={"kind": "year", "year": "2026"},
        file_format="xlsx",
        state="done",
        content=b"x",
        title="Rapport",
    )
    return {**org(world), "pk": done.pk}


def token(world):
    from utblick.api.services import api_token_create

    created = api_token_create(
        user=world.user("coordinator_a"), name="Diarium", expires_on=datetime.date.today() + datetime.timedelta(days=9)
    )
    return {"pk": created.token.pk}


def watch_item(owner="own"):
    """An item of organisation A's own import ("own"), of the installation ("shared"), of B's own
    import ("foreign"), or entered by hand in A ("manual")."""

    def kwargs(world):
        from utblick.watch.tests.factories import SourceFactory, add_items, call

        if owner == "manual":
            from utblick.watch.models import Item
            from utblick.watch.services import item_save

            made = item_save(item=Item(identifier="M-1", title="Lokal utlysning"), organisation=world.org_a, user=None)
            return {**org(world), "pk": made.pk}
        organisation = {"own": world.org_a, "shared": None, "foreign": world.org_b}[owner]
        source = SourceFactory(organisation=organisation)
        return {**org(world), "pk": add_items(source, call(f"C-{source.pk}", "Klimatanpassning"))[0].pk}

    return kwargs


def watch_profile(unit_attribute):
    def kwargs(world):
        from utblick.watch.models import WatchProfile

        profile = WatchProfile.objects.create(unit=getattr(world, unit_attribute), keywords="klimat = climate")
        return {**org(world), "pk": profile.pk}

    return kwargs


def new_profile(unit_attribute):
    return lambda world: {"unit": getattr(world, unit_attribute).pk, "keywords": "hamn = port", "programmes": ["cef"]}


def new_engagement(unit_attribute):
    def data(world):
        return {
            "kind": "project",
            "title": "Nytt projekt",
            "owner_unit": getattr(world, unit_attribute).pk,
            "status": "idea",
        }

    return data


def version_one(title="Ändrad titel"):
    return lambda world: {"title": title, "version": 1}


V1 = "api:v1:"

CASES = [
    UrlCase(f"{V1}api-root", SIGNED_IN),
    UrlCase(f"{V1}schema", PUBLIC),
    UrlCase(f"{V1}docs", PUBLIC),
    UrlCase(f"{V1}organisation-list", SIGNED_IN),
    UrlCase(f"{V1}organisation-detail", READ, org_detail),
    UrlCase(f"{V1}unit-list", READ, org),
    UrlCase(f"{V1}unit-detail", READ, unit),
    UrlCase(f"{V1}person-list", READ, org),
    UrlCase(
        f"{V1}person-list",
        COORDINATORS_CREATE,
        org,
        method="post",
        data=lambda world: {"name": "Anna Andersson", "kind": "official"},
        content_type=JSON,
    ),
    UrlCase(f"{V1}person-detail", READ, person),
    UrlCase(f"{V1}person-detail", COORDINATORS_CHANGE, person, method="patch", data=version_one(), content_type=JSON),
    UrlCase(f"{V1}unitrole-list", READ, org),
    UrlCase(f"{V1}unitrole-detail", READ, role),
    UrlCase(
        f"{V1}unitrole-detail",
        COORDINATORS_CHANGE,
        role,
        method="patch",
        data=lambda world: {"role": "chair"},
        content_type=JSON,
    ),
    UrlCase(f"{V1}unitrole-detail", COORDINATORS_DELETE, role, method="delete"),
    UrlCase(f"{V1}engagement-list", READ, org),
    UrlCase(f"{V1}engagement-list", READ, org, query="kind=project&ordering=-starts_on"),
    UrlCase(
        f"{V1}engagement-list",
        UNIT_EDITORS_CREATE,
        org,
        method="post",
        data=new_engagement("unit_a"),
        content_type=JSON,
    ),
    UrlCase(
        f"{V1}engagement-list",
        OTHER_UNIT_CREATE,
        org,
        method="post",
        data=new_engagement("other_unit_a"),
        content_type=JSON,
    ),
    UrlCase(f"{V1}engagement-detail", READ, own),
    UrlCase(f"{V1}engagement-detail", UNIT_EDITORS_CHANGE, own, method="patch", data=version_one(), content_type=JSON),
    UrlCase(f"{V1}engagement-detail", OTHER_UNIT_CHANGE, others, method="patch", data=version_one(), content_type=JSON),
    UrlCase(f"{V1}engagement-detail", UNIT_EDITORS_DELETE, own, method="delete"),
    UrlCase(
        f"{V1}engagement-detail",
        OTHER_UNIT_CHANGE | {"administrator": 204, "coordinator_a": 204},
        others,
        method="delete",
    ),
    UrlCase(
        f"{V1}engagement-publish",
        COORDINATORS_CHANGE,
        own,
        method="post",
        data=lambda world: {"version": 1},
        content_type=JSON,
    ),
    UrlCase(
        f"{V1}engagement-publish",
        UNIT_EDITORS_CHANGE,
        own_where_editors_publish,
        method="post",
        data=lambda world: {"version": 1},
        content_type=JSON,
    ),
    UrlCase(
        f"{V1}engagement-unpublish",
        COORDINATORS_CHANGE,
        own,
        method="post",
        data=lambda world: {"version": 1},
        content_type=JSON,
    ),
    UrlCase(f"{V1}exchange-list", READ, exchanges),
    UrlCase(
        f"{V1}exchange-list",
        UNIT_EDITORS_CREATE,
        exchanges,
        method="post",
        data=lambda world: {"happened_on": "2026-05-04", "kind": "cultural", "description": "Körutbyte"},
        content_type=JSON,
    ),
    UrlCase(f"{V1}exchange-detail", READ, exchange),
    UrlCase(
        f"{V1}exchange-detail",
        UNIT_EDITORS_CHANGE,
        exchange,
        method="patch",
        data=lambda world: {"participants": 12, "version": 1},
        content_type=JSON,
    ),
    UrlCase(f"{V1}exchange-detail", UNIT_EDITORS_DELETE, exchange, method="delete"),
    UrlCase(f"{V1}agreementreview-list", READ, reviews),
    UrlCase(
        f"{V1}agreementreview-list",
        UNIT_EDITORS_CREATE,
        reviews,
        method="post",
        data=lambda world: {"deadline": "2027-03-31"},
        content_type=JSON,
    ),
    UrlCase(f"{V1}agreementreview-detail", READ, review),
    UrlCase(
        f"{V1}agreementreview-detail",
        UNIT_EDITORS_CHANGE,
        review,
        method="patch",
        data=lambda world: {"decision": "continue", "decided_on": "2026-11-25", "version": 1},
        content_type=JSON,
    ),
    UrlCase(f"{V1}agreementreview-detail", UNIT_EDITORS_DELETE, review, method="delete"),
    UrlCase(f"{V1}evaluation-list", READ, evaluations),
    UrlCase(
        f"{V1}evaluation-list",
        UNIT_EDITORS_CREATE,
        evaluations,
        method="post",
        data=lambda world: {"evaluated_on": "2026-06-01", "evaluated_by": "KS", "verdict": "continue"},
        content_type=JSON,
    ),
    UrlCase(f"{V1}evaluation-detail", READ, evaluation),
    UrlCase(
        f"{V1}evaluation-detail",
        UNIT_EDITORS_CHANGE,
        evaluation,
        method="patch",
        data=lambda world: {"reasoning": "Ger mycket", "version": 1},
        content_type=JSON,
    ),
    UrlCase(f"{V1}evaluation-detail", UNIT_EDITORS_DELETE, evaluation, method="delete"),
    UrlCase(f"{V1}visitassessment-list", READ, visit_requests),
    UrlCase(
        f"{V1}visitassessment-list",
        UNIT_EDITORS_CREATE,
        visit_requests,
        method="post",
        data=lambda world: {"grades": _grades(world), "capacity": "Vi har plats.", "cost": ""},
        content_type=JSON,
    ),
    UrlCase(f"{V1}visitassessment-detail", READ, visit_assessment),
    UrlCase(
        f"{V1}visitassessment-detail",
        UNIT_EDITORS_CHANGE,
        visit_assessment,
        method="patch",
        data=lambda world: {"cost": "Fika.", "version": 1},
        content_type=JSON,
    ),
    UrlCase(f"{V1}tripleg-list", READ, legs),
    UrlCase(
        f"{V1}tripleg-list",
        UNIT_EDITORS_CREATE,
        legs,
        method="post",
        data=lambda world: {
            "from_city": "Växjö",
            "from_country": "SE",
            "to_city": "Oslo",
            "to_country": "NO",
            "mode": "rail",
        },
        content_type=JSON,
    ),
    UrlCase(f"{V1}tripleg-detail", READ, leg),
    UrlCase(
        f"{V1}tripleg-detail",
        UNIT_EDITORS_CHANGE,
        leg,
        method="patch",
        data=lambda world: {"mode": "road", "version": 1},
        content_type=JSON,
    ),
    UrlCase(f"{V1}tripleg-detail", UNIT_EDITORS_DELETE, leg, method="delete"),
    UrlCase(f"{V1}budgetline-list", READ, budget_lines),
    UrlCase(
        f"{V1}budgetline-list",
        UNIT_EDITORS_CREATE,
        budget_lines,
        method="post",
        data=lambda world: {"label": "Deltagaravgifter", "planned": 12000},
        content_type=JSON,
    ),
    UrlCase(
        f"{V1}budgetline-list",
        OTHER_UNIT_CREATE,
        others_budget_lines,
        method="post",
        data=lambda world: {"label": "Resor"},
        content_type=JSON,
    ),
    UrlCase(f"{V1}budgetline-detail", READ, budget_line),
    UrlCase(
        f"{V1}budgetline-detail",
        UNIT_EDITORS_CHANGE,
        budget_line,
        method="patch",
        data=lambda world: {"spent": 38500, "version": 1},
        content_type=JSON,
    ),
    UrlCase(
        f"{V1}budgetline-detail",
        OTHER_UNIT_CHANGE,
        others_budget_line,
        method="patch",
        data=lambda world: {"spent": 38500, "version": 1},
        content_type=JSON,
    ),
    UrlCase(f"{V1}budgetline-detail", UNIT_EDITORS_DELETE, budget_line, method="delete"),
    UrlCase(f"{V1}partner-list", READ, org),
    UrlCase(f"{V1}partner-list", READ, org, query="region_group=nordic"),
    UrlCase(f"{V1}partner-detail", READ, partner),
    UrlCase(
        f"{V1}partner-list",
        UNIT_EDITORS_CREATE,
        org,
        method="post",
        data=lambda world: {
            "name": "Skagafjörður",
            "kind": "city",
            "country": "IS",
            "latitude": 65.7,
            "longitude": -19.6,
        },
        content_type=JSON,
    ),
    UrlCase(
        f"{V1}partner-detail",
        UNIT_EDITORS_CHANGE,
        partner,
        method="patch",
        data=lambda world: {"version": 1, "city": "Bonn"},
        content_type=JSON,
    ),
    UrlCase(f"{V1}partnersearch-list", READ, org),
    UrlCase(f"{V1}partnersearch-list", READ, org, query="country=PL&programme=erasmus&looking=true"),
    UrlCase(f"{V1}deviation-list", READ, org),
    UrlCase(f"{V1}deviation-detail", READ, deviation),
    UrlCase(f"{V1}indicator-list", READ, org),
    UrlCase(f"{V1}strategy-list", READ, org),
    UrlCase(f"{V1}strategy-detail", READ, strategy),
    UrlCase(f"{V1}strategy-export", READ, strategy),
    UrlCase(f"{V1}strategy-import-file", COORDINATORS_CHECK, org, method="post", data=strategy_file, content_type=JSON),
    UrlCase(f"{V1}watchitem-list", READ, org),
    UrlCase(f"{V1}watchitem-list", READ, org, query="q=klimatanpassning&open_only=true&ordering=-closes_on"),
    UrlCase(
        f"{V1}watchitem-list",
        COORDINATORS_CREATE,
        org,
        method="post",
        data=lambda world: {"identifier": "KS 2026/7", "title": "Regional utlysning", "deadlines": ["2027-03-01"]},
        content_type=JSON,
    ),
    UrlCase(f"{V1}watchitem-detail", READ, watch_item("own")),
    UrlCase(f"{V1}watchitem-detail", READ, watch_item("shared")),
    UrlCase(f"{V1}watchitem-detail", READ, watch_item("manual")),
    UrlCase(f"{V1}watchitem-detail", NOBODY, watch_item("foreign")),
    UrlCase(
        f"{V1}watchitem-detail",
        COORDINATORS_CHANGE,
        watch_item("manual"),
        method="patch",
        data=lambda world: {"deadlines": ["2027-04-01", "2027-09-15"]},
        content_type=JSON,
    ),
    UrlCase(
        f"{V1}watchitem-detail",
        IMPORTED_ITEM_WRITE,
        watch_item("own"),
        method="patch",
        data=lambda world: {"title": "Ändrad"},
        content_type=JSON,
    ),
    UrlCase(f"{V1}watchitem-detail", IMPORTED_ITEM_WRITE, watch_item("shared"), method="delete"),
    UrlCase(f"{V1}watchitem-detail", COORDINATORS_DELETE, watch_item("manual"), method="delete"),
    UrlCase(f"{V1}watchprofile-list", READ, org),
    UrlCase(f"{V1}watchprofile-list", READ, org, query="ordering=-updated_at"),
    UrlCase(
        f"{V1}watchprofile-list", UNIT_EDITORS_CREATE, org, method="post", data=new_profile("unit_a"), content_type=JSON
    ),
    UrlCase(
        f"{V1}watchprofile-list",
        OTHER_UNIT_CREATE,
        org,
        method="post",
        data=new_profile("other_unit_a"),
        content_type=JSON,
    ),
    UrlCase(f"{V1}watchprofile-detail", READ, watch_profile("unit_a")),
    UrlCase(
        f"{V1}watchprofile-detail",
        UNIT_EDITORS_CHANGE,
        watch_profile("unit_a"),
        method="patch",
        data=lambda world: {"keywords": "kust = coast", "version": 1},
        content_type=JSON,
    ),
    UrlCase(
        f"{V1}watchprofile-detail",
        OTHER_UNIT_CHANGE,
        watch_profile("other_unit_a"),
        method="put",
        data=lambda world: {"unit": world.other_unit_a.pk, "keywords": "skola = school", "version": 1},
        content_type=JSON,
    ),
    UrlCase(f"{V1}reportbuild-list", READ, org),
    UrlCase(
        f"{V1}reportbuild-list",
        MEMBERS_START,
        org,
        method="post",
        data=lambda world: {"kind": "year", "year": 2026, "format": "xlsx"},
        content_type=JSON,
    ),
    UrlCase(f"{V1}reportbuild-detail", READ, build),
    UrlCase(f"{V1}reportbuild-download", READ, build),
    # The token pages belong to the signed-in user's account; another user's token is not found.
    UrlCase("api_tokens:list", PAGE_SIGNED_IN),
    UrlCase("api_tokens:revoke", expect(404, 200, 404, 404, 404, "login"), token),
]
