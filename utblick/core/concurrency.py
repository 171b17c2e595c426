"""No lost updates: a save is refused when the row changed since the form was loaded."""

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """Somebody else saved the object after the editor loaded it."""

    message = _("Someone else saved this record while you were editing it. Nothing of yours was saved.")

    def __init__(self, current: models.Model):
        super().__init__(str(self.message))
        self.current = current


@transaction.atomic
def save_versioned(obj, *, expected_version: int) -> None:
    """Save ``obj`` only if its row still has ``expected_version``; raise EditConflict otherwise.

    The compare-and-increment is a single UPDATE, so of two concurrent saves exactly one wins.
    """
    model = type(obj)
    field = getattr(model, "version_field", "version")
    if obj.pk is None or obj._state.adding:
        setattr(obj, field, 1)
        obj.save()
        return
    won = model._default_manager.filter(pk=obj.pk, **{field: expected_version}).update(**{field: F(field) + 1})
    if not won:
        raise EditConflict(model._default_manager.get(pk=obj.pk))
    setattr(obj, field, expected_version + 1)
    obj.save()
