"""Publishing became a deliberate step: what the public pages showed before stays published.

Until now every non-confidential engagement of an organisation that publishes its pages was public
the moment it was saved. From here on a new engagement is internal until someone publishes it, so
that nothing disappears from an existing installation's public pages, those engagements are marked
published now, by nobody in particular, with a line in each one's history saying why.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Publicerad vid uppgraderingen: engagemanget var redan offentligt innan publicering blev ett eget steg."


def publish_what_was_public(apps, schema_editor):
    Engagement = apps.get_model("engagements", "Engagement")
    HistoricalEngagement = apps.get_model("engagements", "HistoricalEngagement")
    now = timezone.now()
    public = Engagement.objects.filter(
        confidentiality="", published_at__isnull=True, organisation__public_pages_enabled=True
    )
    fields = [field.attname for field in Engagement._meta.concrete_fields]
    history = []
    for engagement in public.iterator():
        engagement.published_at = now
        history.append(
            HistoricalEngagement(
                **{name: getattr(engagement, name) for name in fields},
                history_date=now,
                history_type="~",
                history_change_reason=REASON,
                history_user=None,
            )
        )
    public.update(published_at=now)
    HistoricalEngagement.objects.bulk_create(history, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0005_publication"),
        ("organisations", "0002_editors_may_publish"),
    ]

    operations = [migrations.RunPython(publish_what_was_public, migrations.RunPython.noop)]
