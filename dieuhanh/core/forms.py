"""Form rendering shared by every app: Bootstrap markup, Vietnamese dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates


class BootstrapBoundField(forms.BoundField):
    """A bound field whose widget carries Bootstrap's class, and is-invalid when in error."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden:
            return attrs
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            return attrs
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        classes = [
            *str(widget.attrs.get("class", "")).split(),
            *str(attrs.get("class", "")).split(),
        ]
        if not any(c in classes for c in ("form-control", "form-select", "form-check-input")):
            classes.append(css)
        if self.form.is_bound and self.errors:
            classes.append("is-invalid")
        attrs["class"] = " ".join(dict.fromkeys(classes))
        return attrs


class FormRenderer(DjangoTemplates):
    """Render every field with its label, help and errors next to it (Bootstrap 5)."""

    field_template_name = "core/forms/field.html"
    bound_field_class = BootstrapBoundField


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
