"""A form's fields by their own type: ``form.fields`` holds them as plain ``Field``s."""

from django import forms


def form_field[FieldT: forms.Field](form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The field ``name`` of ``form``, which is a ``kind`` (a ``ModelChoiceField`` to narrow its queryset)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
