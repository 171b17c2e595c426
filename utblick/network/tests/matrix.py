from utblick.core.testing import MEMBERS_READ, UrlCase, expect

from .factories import shared_project, taking_part

# Coordinators and editors speak for the organisation; readers 403.
WRITERS = expect(200, 200, 200, 403, 404, "login")
EVERYONE = expect(200, 200, 200, 200, 200, 200)
# The shared feed answers a valid token, whoever holds it; a session is no token.
TOKEN_ONLY = expect(401, 401, 401, 401, 401, 401)


def org(world):
    return {"org": world.org_a.slug}


def own_call_item(world):
    from utblick.watch.tests.factories import SourceFactory, add_items, call

    source = SourceFactory(organisation=world.org_a)
    item = add_items(source, call("LIFE-2027-CLIMA-CCA-LOCAL", "Klimatanpassning"))[0]
    return {"org": world.org_a.slug, "pk": item.pk}


def planned_project(world):
    from utblick.engagements.choices import ProjectStage

    taking_part(world.org_a)
    engagement = shared_project(world.unit_a, "LIFE Våtmarker", stage=ProjectStage.PREPARING, call="LIFE-2027-CLIMA")
    return {"org": world.org_a.slug, "pk": engagement.pk}


def open_call(world):
    from utblick.network.models import PartnerCall
    from utblick.network.services import partner_call_save

    kwargs = planned_project(world)
    call = partner_call_save(
        call=PartnerCall(organisation=world.org_a, engagement_id=kwargs["pk"], note="Vi söker två kommuner"),
        user=world.user("coordinator_a"),
    )
    return {"org": world.org_a.slug, "pk": call.pk}


CASES = [
    UrlCase("network:search", MEMBERS_READ, org),
    UrlCase("network:search", MEMBERS_READ, org, query="country=PL&kind=project&display=map"),
    UrlCase("network:search", MEMBERS_READ, org, query="q=skolutbyte&programme=erasmus&year_from=2026"),
    UrlCase("network:item_call_add", WRITERS, own_call_item),
    UrlCase("network:engagement_call_add", WRITERS, planned_project),
    UrlCase("network:call_withdraw", WRITERS, open_call),
    UrlCase("network_feed:shared", TOKEN_ONLY),
    UrlCase("public:partners_feed", EVERYONE, org),
    UrlCase("public:partner_map", EVERYONE, org),
]
