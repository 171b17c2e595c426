import datetime

from utblick.strategies.models import Direction, Strategy, StrategyOwnership, StrategyVersion, VersionStatus


def strategy_for(*organisations, name="Internationell strategi", label="2020"):
    """An adopted strategy owned by the organisations, with two directions; the same one when asked again."""
    slug = f"strategi-{'-'.join(o.slug for o in organisations)}"
    existing = Strategy.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    strategy = Strategy.objects.create(name=name, slug=slug)
    for organisation in organisations:
        StrategyOwnership.objects.create(strategy=strategy, organisation=organisation)
    version = StrategyVersion.objects.create(
        strategy=strategy,
        label=label,
        status=VersionStatus.ADOPTED,
        adopted_by="Kommunfullmäktige",
        adopted_on=datetime.date(2020, 3, 1),
        valid_from=datetime.date(2020, 3, 1),
    )
    Direction.objects.create(version=version, code="profilering", name="Profilering", order=0)
    Direction.objects.create(version=version, code="samverkan", name="Samverkan", order=1)
    return strategy


def document_import_for(organisation, *, text=None, status="ready", filename="handlingsplan.txt"):
    """A strategy document read for the organisation, its draft ready for review (X-7)."""
    import io

    from utblick.strategies.document_imports import review_draft
    from utblick.strategies.importer import read_document
    from utblick.strategies.models import DocumentImport

    from .importer_documents import NUMBERED_POLICY

    draft = read_document(io.BytesIO((text or NUMBERED_POLICY).encode()), filename)
    return DocumentImport.objects.create(
        organisation=organisation, filename=filename, status=status, text=draft.text, draft=review_draft(draft)
    )
