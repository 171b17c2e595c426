from utblick.core.testing import COORDINATORS_WRITE, MEMBERS_READ, UrlCase
from utblick.strategies.models import Goal

from .factories import document_import_for, strategy_for


def org(world):
    strategy_for(world.org_a)
    return {"org": world.org_a.slug}


def version(world):
    return {"org": world.org_a.slug, "pk": strategy_for(world.org_a).versions.get().pk}


def direction(world):
    return {"org": world.org_a.slug, "pk": strategy_for(world.org_a).versions.get().directions.first().pk}


def goal(world):
    first = strategy_for(world.org_a).versions.get().directions.first()
    return {"org": world.org_a.slug, "pk": Goal.objects.create(direction=first, text="Öppna dörrar").pk}


def dimension(world):
    from utblick.strategies.models import Dimension

    version = strategy_for(world.org_a).versions.get()
    return {
        "org": world.org_a.slug,
        "pk": Dimension.objects.get_or_create(version=version, code="ledord", defaults={"name": "Ledord"})[0].pk,
    }


def rule(world):
    from utblick.strategies.models import RuleSetting

    version = strategy_for(world.org_a).versions.get()
    return {
        "org": world.org_a.slug,
        "pk": RuleSetting.objects.get_or_create(version=version, key="funding_investigated")[0].pk,
    }


def document(world):
    from utblick.strategies.models import GoverningDocument

    return {
        "org": world.org_a.slug,
        "pk": GoverningDocument.objects.create(organisation=world.org_a, title="Vision").pk,
    }


def document_import(world):
    strategy_for(world.org_a)
    return {"org": world.org_a.slug, "pk": document_import_for(world.org_a).pk}


CASES = [
    UrlCase("strategies:strategy", MEMBERS_READ, org),
    UrlCase("strategies:export", MEMBERS_READ, org),
    UrlCase("strategies:import", COORDINATORS_WRITE, org),
    UrlCase("strategies:version_compare", MEMBERS_READ, org),
    UrlCase("strategies:version", MEMBERS_READ, version),
    UrlCase("strategies:version_copy", COORDINATORS_WRITE, version),
    UrlCase("strategies:direction_add", COORDINATORS_WRITE, version),
    UrlCase("strategies:direction_edit", COORDINATORS_WRITE, direction),
    UrlCase("strategies:goal_add", COORDINATORS_WRITE, direction),
    UrlCase("strategies:goal_edit", COORDINATORS_WRITE, goal),
    UrlCase("strategies:goal_delete", COORDINATORS_WRITE, goal),
    UrlCase("strategies:review_add", COORDINATORS_WRITE, org),
    UrlCase("strategies:dimension_add", COORDINATORS_WRITE, version),
    UrlCase("strategies:dimension_edit", COORDINATORS_WRITE, dimension),
    UrlCase("strategies:theme_add", COORDINATORS_WRITE, dimension),
    UrlCase("strategies:rule_add", COORDINATORS_WRITE, version),
    UrlCase("strategies:rule_edit", COORDINATORS_WRITE, rule),
    UrlCase("strategies:document_add", COORDINATORS_WRITE, org),
    UrlCase("strategies:document_edit", COORDINATORS_WRITE, document),
    # Reading strategy documents is the coordinators' (X-7): the drafts are not shown to editors or readers.
    UrlCase("strategies:document_import_add", COORDINATORS_WRITE, org),
    UrlCase("strategies:document_import", COORDINATORS_WRITE, document_import),
    UrlCase("strategies:document_import_delete", COORDINATORS_WRITE, document_import),
]
