"""Existing partners get a place: coordinates from the gazetteer by their name (cities and regions), and
those already placed are marked as looked up when the gazetteer agrees, otherwise as entered by hand."""

from django.db import migrations

from utblick.engagements.models.partners import city_coordinates

PLACED_BY_NAME = ("city", "region")


def forwards(apps, schema_editor):
    Partner = apps.get_model("engagements", "Partner")
    for partner in Partner.objects.all().iterator():
        name = partner.city.strip() or (partner.name if partner.kind in PLACED_BY_NAME else "")
        found = city_coordinates(name, partner.country) if name else None
        if partner.latitude is not None and partner.longitude is not None:
            agrees = found is not None and abs(found[0] - partner.latitude) < 0.001 and abs(found[1] - partner.longitude) < 0.001
            partner.placement = "gazetteer" if agrees else "manual"
        elif found is not None:
            partner.latitude, partner.longitude = found
            partner.placement = "gazetteer"
        else:
            continue
        # The history is not rewritten for a derived fact; the update goes straight to the row.
        Partner.objects.filter(pk=partner.pk).update(
            latitude=partner.latitude, longitude=partner.longitude, placement=partner.placement
        )


class Migration(migrations.Migration):
    dependencies = [("engagements", "0011_partner_places")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
