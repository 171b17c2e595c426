from utblick.core.testing import MEMBERS_READ, UrlCase, expect


def org(world):
    return {"org": world.org_a.slug}


def calendar_token(world):
    from utblick.followup.services import followup_settings_get

    return {"token": followup_settings_get(user=world.user("reader_a")).calendar_token}


CASES = [
    UrlCase("followup:dashboard", MEMBERS_READ, org),
    UrlCase("followup:deviation_list", MEMBERS_READ, org),
    UrlCase("followup:settings", MEMBERS_READ, org),
    UrlCase("followup:comparison", MEMBERS_READ, org),
    # The feed's secret address is its own credential: anyone holding it reads it, nobody else.
    UrlCase("feeds:calendar", expect(200, 200, 200, 200, 200, 200), calendar_token),
]
