from utblick.core.testing import MEMBERS_READ, UrlCase, expect


def org(world):
    return {"org": world.org_a.slug}


def calendar_token(world):
    from utblick.followup.services import followup_settings_get

    return {"token": followup_settings_get(user=world.user("reader_a")).calendar_token}


def public_engagement(world):
    from utblick.engagements.tests.factories import EngagementFactory

    return {"org": world.org_a.slug, "pk": EngagementFactory(owner_unit=world.unit_a, published=True).pk}


def public_org(world):
    return {"org": world.org_a.slug}


# Public pages answer everyone alike; organisation A publishes, B does not.
EVERYONE = expect(200, 200, 200, 200, 200, 200)


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
    return {"org": world.org_a.slug, "pk": done.pk}


POST_ONLY = expect(405, 405, 405, 405, 404, "login")

CASES = [
    UrlCase("followup:report_submit", POST_ONLY, org),
    UrlCase("followup:report_build_start", POST_ONLY, org),
    UrlCase("followup:report_build", MEMBERS_READ, build),
    UrlCase("followup:report_build_download", MEMBERS_READ, build),
    UrlCase("public:index", EVERYONE),
    UrlCase("public:organisation", EVERYONE, public_org),
    UrlCase("public:engagement", EVERYONE, public_engagement),
    UrlCase("public:open_data", EVERYONE, lambda world: {"org": world.org_a.slug, "file_format": "json"}),
    UrlCase("public:decidim", EVERYONE, public_org),
    UrlCase("followup:dashboard", MEMBERS_READ, org),
    UrlCase("followup:deviation_list", MEMBERS_READ, org),
    UrlCase("followup:settings", MEMBERS_READ, org),
    UrlCase("followup:comparison", MEMBERS_READ, org),
    UrlCase("followup:reports", MEMBERS_READ, org),
    UrlCase("followup:report_download", MEMBERS_READ, lambda world: {"org": world.org_a.slug, "format": "xlsx"}),
    # A POST-only page: GET is not allowed for anyone who may reach it.
    UrlCase("followup:report_conclusions", expect(405, 405, 405, 405, 404, "login"), org),
    # The feed's secret address is its own credential: anyone holding it reads it, nobody else.
    UrlCase("feeds:calendar", expect(200, 200, 200, 200, 200, 200), calendar_token),
]
