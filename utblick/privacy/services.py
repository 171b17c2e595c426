"""Acting on a data subject's request (registerutdrag, rättelse, radering) and on the retention rules.

Every write here reaches the history tables too: django-simple-history keeps every old value of a
row, so a correction or an erasure that left them would change nothing that matters (ADR 0020).
"""

from typing import Any

from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from utblick.core.models import User
from utblick.core.services import model_delete, model_save
from utblick.organisations.models import Organisation, Person, UnitRole

from . import scan
from .choices import ANONYMISED, EMAIL_REMOVED, PHONE_REMOVED, RecordKind, RequestKind
from .models import DataSubjectRequest, RetentionRule
from .selectors import ACCOUNT_MODELS, Holdings, person_holdings, person_is_referenced, person_needles


def _log(*, organisation: Organisation, kind: str, person_number: int, case_number: str, user: User, **summary: Any):
    return DataSubjectRequest.objects.create(
        organisation=organisation,
        kind=kind,
        person_number=person_number,
        case_number=case_number.strip(),
        handled_by=user if getattr(user, "is_authenticated", False) else None,
        summary=summary,
    )


# -- Register extract (artikel 15) ---------------------------------------------------------------


@transaction.atomic
def person_extract(*, person: Person, user: User, case_number: str = "") -> tuple[Holdings, bytes]:
    """The register extract as a ZIP: readable PDF, machine-readable JSON and a README."""
    from .extract import extract_package

    holdings = person_holdings(person=person)
    package = extract_package(holdings, case_number=case_number)
    _log(
        organisation=person.organisation,
        kind=RequestKind.EXTRACT,
        person_number=person.pk,
        case_number=case_number,
        user=user,
        records=holdings.total,
    )
    return holdings, package


# -- Correction (artikel 16) ---------------------------------------------------------------------


@transaction.atomic
def person_correct(
    *, person: Person, user: User, expected_version: int, correct_history: bool, case_number: str = ""
) -> Person:
    """Save corrected details; with ``correct_history`` the wrong values are replaced everywhere,
    history rows and free text included, so that no old version keeps the error."""
    stored = Person.objects.get(pk=person.pk)
    replacements = []
    for kind, name in (("name", "name"), ("email", "email"), ("phone", "phone")):
        old, new = getattr(stored, name), getattr(person, name)
        needle = scan.usable(kind, old)
        if correct_history and needle is not None and old != new:
            replacements.append((needle, new, new))
    reason = _("Corrected at the person's request") + (f" ({case_number.strip()})" if case_number.strip() else "")
    person = model_save(person, user=user, expected_version=expected_version, reason=reason)
    changed = 0
    if replacements:
        found = scan.mentions(
            person.organisation, [needle for needle, _whole, _inside in replacements], exclude=ACCOUNT_MODELS
        )
        changed = scan.rewrite(found, replacements)
    _log(
        organisation=person.organisation,
        kind=RequestKind.CORRECTION,
        person_number=person.pk,
        case_number=case_number,
        user=user,
        rows_corrected=changed,
        history_corrected=bool(replacements),
    )
    return person


# -- Erasure (artikel 17) ------------------------------------------------------------------------


def account_goes_with_person(person: Person) -> bool:
    """An account is erased with the person unless it also serves another organisation or is the
    administrator's: then only this organisation's access and link are removed."""
    user = person.user
    if user is None or user.is_superuser:
        return False
    return not user.memberships.exclude(organisation=person.organisation).exists()


def _account_owned_rows(user: User) -> list[models.QuerySet]:
    """Rows that exist only for the account: access, tokens, settings, addresses, second factors."""
    found = []
    for model in scan.searchable_models():
        if scan.is_history(model):
            continue
        for link in model._meta.concrete_fields:
            if (
                isinstance(link, models.ForeignKey)
                and link.related_model is User
                and link.remote_field.on_delete is models.CASCADE
            ):
                found.append(model._base_manager.filter(**{link.name: user.pk}))
    return found


def _erase_account(user: User, organisation: Organisation, *, whole: bool) -> None:
    if not whole:
        user.memberships.filter(organisation=organisation).delete()
        return
    for rows in _account_owned_rows(user):
        rows.delete()
    user.history.all().delete()
    user.name = _(ANONYMISED)
    user.email = f"anonymised-{user.pk}@utblick.invalid"
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()


@transaction.atomic
def person_erase(*, person: Person, user: User, case_number: str = "") -> dict[str, int]:
    """Erase a person from the organisation's part of Utblick.

    Their roles go, with their history. The person row is removed when nothing that must stay
    refers to it; otherwise it stays as "Anonymised person" so that the engagements, seats and
    memberships it belongs to keep existing. Their name, e-mail and phone (today's and every
    earlier one) are replaced in every text of the organisation, history rows included. Their
    user account is anonymised and closed when it serves this organisation only.
    """
    organisation = person.organisation
    person_number = person.pk
    whole_account = account_goes_with_person(person)
    needles = person_needles(person, with_account=whole_account)
    account = person.user
    with translation.override(organisation.report_language):
        anonymised, email_removed, phone_removed = _(ANONYMISED), _(EMAIL_REMOVED), _(PHONE_REMOVED)
        reason = _("Erased at the person's request") + (f" ({case_number.strip()})" if case_number.strip() else "")
    roles = list(UnitRole.objects.filter(person=person))
    for role in roles:
        model_delete(role, user=user)
    UnitRole.history.filter(person_id=person.pk).delete()
    if account is not None:
        _erase_account(account, organisation, whole=whole_account)
    kept = person_is_referenced(person)
    Person.history.filter(id=person.pk).delete()
    if kept:
        person.name, person.title, person.email, person.phone, person.user = anonymised, "", "", "", None
        model_save(person, user=user, expected_version=person.version, reason=reason)
    else:
        person.delete()
        Person.history.filter(id=person_number).delete()
    replacements = [
        (
            needle,
            anonymised if needle.kind == "name" else "",
            {"name": anonymised, "email": email_removed}.get(needle.kind, phone_removed),
        )
        for needle in needles
    ]
    found = scan.mentions(organisation, needles, exclude=frozenset() if whole_account else ACCOUNT_MODELS)
    rewritten = scan.rewrite(found, replacements)
    summary = {
        "roles_removed": len(roles),
        "rows_rewritten": rewritten,
        "person_kept": int(kept),
        "account_erased": int(whole_account),
    }
    _log(
        organisation=organisation,
        kind=RequestKind.ERASURE,
        person_number=person_number,
        case_number=case_number,
        user=user,
        **summary,
    )
    return summary


# -- Retention rules -----------------------------------------------------------------------------


@transaction.atomic
def retention_rules_save(
    *, organisation: Organisation, user: User, values: dict[str, dict[str, Any]]
) -> list[RetentionRule]:
    """Store the organisation's rules, one per kind of record; ``values[kind]`` has years, basis, removes_history."""
    saved = []
    for kind in RecordKind.values:
        wanted = values[kind]
        rule = RetentionRule.objects.filter(organisation=organisation, record_kind=kind).first() or RetentionRule(
            organisation=organisation, record_kind=kind
        )
        before = (rule.years, rule.basis, rule.removes_history)
        rule.years, rule.basis, rule.removes_history = wanted["years"], wanted["basis"], wanted["removes_history"]
        if rule.pk is None or before != (rule.years, rule.basis, rule.removes_history):
            model_save(rule, user=user)
        saved.append(rule)
    return saved
