"""The register extract (registerutdrag) as a package a data protection officer can hand over.

``registerutdrag.pdf`` is the readable part: what the organisation holds, why, for how long and
the person's rights, then every record listed with the reason it is there. ``registerutdrag.json``
holds the same records with every stored value, machine-readable (GDPR article 15 and 20).
``README.txt`` and ``manifest.json`` say what the files are.
"""

import json
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .choices import PURPOSES, RecordKind
from .packages import Package
from .selectors import Holdings, plain, retention_rules, row_values


def retention_lines(organisation: Any, rules: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """What is kept, why and for how long, as the organisation's rules say (the privacy page's table)."""
    lines = []
    rules = rules if rules is not None else retention_rules(organisation=organisation)
    for kind, rule in rules.items():
        lines.append(
            {
                "records": RecordKind(kind).label,
                "purpose": PURPOSES[RecordKind(kind)],
                "years": rule.years,
                "basis": rule.basis,
                "removes_history": rule.removes_history,
            }
        )
    return lines


def extract_json(holdings: Holdings, *, case_number: str, created: str) -> dict[str, Any]:
    person = holdings.person
    return {
        "format": "utblick-register-extract",
        "format_version": 1,
        "created": created,
        "organisation": {"name": person.organisation.name, "number": person.organisation.organisation_number},
        "case_number": case_number,
        "person": row_values(person),
        "searched_for": [{"kind": needle.kind, "value": needle.value} for needle in holdings.needles],
        "records": [record.as_json() for record in holdings.records],
        "user_account": [record.as_json() for record in holdings.account],
        "history": [record.as_json() for record in holdings.history],
        "retention": [
            {**line, "records": str(line["records"]), "purpose": str(line["purpose"])}
            for line in retention_lines(person.organisation)
        ],
    }


def extract_pdf(holdings: Holdings, *, case_number: str, created: Any) -> bytes:
    from weasyprint import HTML

    context = {
        "holdings": holdings,
        "person": holdings.person,
        "organisation": holdings.person.organisation,
        "case_number": case_number,
        "created": created,
        "retention": retention_lines(holdings.person.organisation),
        "record_groups": holdings.groups(holdings.records),
        "account_groups": holdings.groups(holdings.account),
        "history_groups": holdings.groups(holdings.history),
    }
    html = render_to_string("privacy/extract_document.html", context)
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")


def extract_package(holdings: Holdings, *, case_number: str = "") -> bytes:
    organisation = holdings.person.organisation
    created = timezone.localtime()
    with translation.override(organisation.report_language):
        package = Package("utblick-register-extract")
        package.add(
            "registerutdrag.pdf",
            extract_pdf(holdings, case_number=case_number, created=created),
            _("The register extract to read: what is held about the person, why, for how long, and their rights."),
        )
        content = extract_json(holdings, case_number=case_number, created=created.isoformat(timespec="seconds"))
        package.add(
            "registerutdrag.json",
            json.dumps(content, ensure_ascii=False, indent=2, default=plain).encode("utf-8"),
            _(
                'The same, machine-readable: every record with every stored value. "records": records '
                'that concern the person; "user_account": their account and what belongs to it; '
                '"history": every saved version that concerns them; "why": the reason each is listed.'
            ),
        )
        intro = _(
            "Register extract from Utblick for %(person)s, made by %(organisation)s on %(day)s. It lists "
            "everything the organisation's part of Utblick holds about the person."
        ) % {"person": holdings.person.name, "organisation": organisation.name, "day": created.date().isoformat()}
        return package.close(
            title=_("Register extract"),
            readme_intro=intro,
            organisation={"name": organisation.name, "number": organisation.organisation_number},
            case_number=case_number,
        )
