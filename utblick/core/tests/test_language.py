"""The interface speaks correct Swedish: each noun with its own gender in "Ny …"/"Nytt …"."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from utblick.engagements.choices import Kind

from .test_authorization import CASES

# Every page that creates something, and the heading it has in Swedish. Swedish nouns are common
# ("en resa": "Ny resa") or neuter ("ett besök": "Nytt besök"), so no "Ny %(kind)s" fits them all.
NEW_HEADINGS = {
    "organisations:unit_add": "Ny enhet",
    "organisations:unitrole_add": "Ny roll i en enhet",
    "organisations:person_add": "Ny person",
    "strategies:direction_add": "Ny inriktning",
    "strategies:goal_add": "Nytt mål",
    "strategies:review_add": "Ny uppföljning av strategin",
    "strategies:dimension_add": "Ny dimension",
    "strategies:theme_add": "Nytt tema",
    "strategies:rule_add": "Ny regelinställning",
    "strategies:document_add": "Nytt styrdokument",
    "strategies:document_import_add": "Läs in ett strategidokument",
    "engagements:evaluation_add": "Ny utvärdering",
    "engagements:exchange_add": "Nytt utbyte",
    "engagements:agreement_review_add": "Ny översyn av avtal",
    "engagements:leg_add": "Ny delsträcka",
    "engagements:attachment_add": "Ny bilaga",
    "engagements:budget_line_add": "Ny budgetpost",
    "engagements:partner_add": "Ny partner",
    "watch:source_add": "Ny källa",
    "network:item_call_add": "Sök partner",
    "network:engagement_call_add": "Sök partner",
}
NEW_ENGAGEMENTS = {
    Kind.PROJECT: "Nytt projekt eller ny ansökan",
    Kind.MEMBERSHIP: "Nytt medlemskap",
    Kind.AGREEMENT: "Nytt avtal",
    Kind.VISIT: "Nytt besök",
    Kind.TRIP: "Ny resa",
    Kind.TRAINING: "Ny utbildning",
    Kind.REPRESENTATION: "Ny representation",
    Kind.ADVOCACY: "Nytt påverkansarbete",
}


def _h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "the page has no h1"
    return " ".join(strip_tags(match.group(1)).split())


def _add_cases() -> dict[str, object]:
    return {
        case.name: case
        for case in CASES
        if case.name.endswith("_add") and case.method == "get" and case.expected["coordinator_a"] == 200
    }


def test_every_page_that_creates_something_is_listed_here():
    assert set(_add_cases()) == {*NEW_HEADINGS, "engagements:engagement_add"}


@pytest.mark.django_db
def test_every_new_heading_has_the_gender_of_its_noun(world, client_for):
    client = client_for("coordinator_a")
    wrong = []
    for name, case in _add_cases().items():
        if name == "engagements:engagement_add":
            continue
        page = client.get(reverse(name, kwargs=case.kwargs(world)), HTTP_ACCEPT_LANGUAGE="sv")
        assert page.status_code == 200, name
        html = page.content.decode()
        if _h1(html) != NEW_HEADINGS[name]:
            wrong.append(f"{name}: {_h1(html)!r}, expected {NEW_HEADINGS[name]!r}")
        elif f"<title>{NEW_HEADINGS[name]} ·" not in html:
            wrong.append(f"{name}: the title does not start with {NEW_HEADINGS[name]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_every_kind_of_engagement_has_its_own_new_button_and_heading(world, client_for):
    client = client_for("coordinator_a")
    org = world.org_a.slug
    everything = client.get(reverse("engagements:engagement_list", kwargs={"org": org})).content.decode()
    for kind, expected in NEW_ENGAGEMENTS.items():
        add = reverse("engagements:engagement_add", kwargs={"org": org, "kind": kind})
        listing = client.get(reverse("engagements:kind_list", kwargs={"org": org, "kind": kind})).content.decode()
        assert re.search(rf'<a class="button" href="{re.escape(add)}">{expected}</a>', listing), kind
        assert re.search(rf'<a[^>]*href="{re.escape(add)}"[^>]*>{expected}</a>', everything), kind
        assert _h1(client.get(add).content.decode()) == expected


@pytest.mark.django_db
def test_english_says_new_before_every_kind(world, client_for):
    client = client_for("coordinator_a")
    client.cookies["django_language"] = "en"
    add = reverse("engagements:engagement_add", kwargs={"org": world.org_a.slug, "kind": Kind.VISIT})
    assert _h1(client.get(add).content.decode()) == "New visit"


# -- Requirement codes ----------------------------------------------------------------------------
# The codes of REQUIREMENTS.md ("KR-4", "ST-8") name the seed strategies' requirements. They belong
# in tests, docs and comments; to Stockholm's staff a help text ending "(KR-4)" means nothing.
REQUIREMENT_CODE = re.compile(r"\b(KR|VX|LN|ST|X)-\d+\b")
PACKAGE = Path(__file__).resolve().parents[2]
TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def _own_files(*suffixes: str) -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*")
        if path.suffix in suffixes and not {"tests", "migrations", "expected"} & set(path.relative_to(PACKAGE).parts)
    )


def _python_texts(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module but its docstrings: what may reach a user (messages, help
    texts, labels, command output). A literal that is nothing but a code is an identifier (the rule
    registry's ``requirement``), not text."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and not REQUIREMENT_CODE.fullmatch(node.value.strip())
    ]


def test_no_requirement_code_in_text_shown_to_users():
    found = []
    for path in _own_files(".html", ".txt", ".toml", ".yaml", ".json", ".csv"):
        text = TEMPLATE_COMMENT.sub("", path.read_text())
        found += [f"{path.relative_to(PACKAGE)}: {m.group()}" for m in REQUIREMENT_CODE.finditer(text)]
    for path in _own_files(".po"):
        for line in path.read_text().splitlines():
            if line.startswith(("msgid", "msgstr", '"')) and REQUIREMENT_CODE.search(line):
                found.append(f"{path.relative_to(PACKAGE)}: {line}")
    for path in _own_files(".py"):
        for line, text in _python_texts(path):
            if REQUIREMENT_CODE.search(text):
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {text[:80]!r}")
    assert not found, "\n".join(found)


def _api_texts(client, language: str) -> dict[str, str]:
    """Every description and summary of the OpenAPI document, by where it stands."""
    texts: dict[str, str] = {}

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("description", "summary") and isinstance(value, str):
                    texts[f"{where}/{key}"] = value
                else:
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for number, value in enumerate(node):
                walk(value, f"{where}/{number}")

    walk(client.get(f"/api/v1/schema/?format=json&lang={language}").json(), "")
    return texts


def test_the_api_documentation_names_no_requirement_code_and_speaks_swedish(client):
    """The API's documentation is text for users too: no docstring (English, with requirement IDs)
    reaches it, and what it says in English it says in Swedish as well."""
    swedish, english = _api_texts(client, "sv"), _api_texts(client, "en")
    codes = [f"{where}: {text}" for where, text in {**swedish, **english}.items() if REQUIREMENT_CODE.search(text)]
    assert not codes, "\n".join(codes)
    # Enumerations list their values ("* `pdf` - pdf"); a lone word may be the same in both languages.
    untranslated = [
        f"{where}: {text}"
        for where, text in swedish.items()
        if english.get(where) == text and len(text.split()) > 1 and not text.startswith("* `")
    ]
    assert not untranslated, "\n".join(untranslated)
