"""Form rendering shared by every app: Bootstrap markup, Vietnamese dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Render every field with its label, help and errors next to it (Bootstrap 5)."""

    field_template_name = "core/forms/field.html"


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text input: the same format everywhere, whatever the browser's locale."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "autocomplete": "off",
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )


class VersionField(forms.IntegerField):
    """The version the user loaded; a stale one makes the service refuse the save."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, **kwargs)
