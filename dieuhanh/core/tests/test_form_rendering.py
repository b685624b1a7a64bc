"""Every form is rendered with Bootstrap's classes by the shared renderer, errors marked."""

from __future__ import annotations

from django import forms

from dieuhanh.core.forms import DateInput


class _Sample(forms.Form):
    name = forms.CharField(label="Tên")
    kind = forms.ChoiceField(label="Loại", choices=[("a", "A"), ("b", "B")])
    active = forms.BooleanField(label="Đang dùng", required=False)
    start = forms.DateField(label="Từ ngày", widget=DateInput(attrs={"class": "w-auto"}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def test_widgets_get_bootstrap_classes_and_keep_their_own() -> None:
    # Given an unbound form, When it is rendered
    html = str(_Sample())

    # Then text inputs, selects and checkboxes carry Bootstrap's classes; a widget's own
    # class is kept; hidden inputs get none
    assert 'class="form-control" id="id_name"' in html
    assert 'class="form-select" id="id_kind"' in html
    assert 'class="form-check-input" id="id_active"' in html
    assert 'class="w-auto form-control"' in html
    assert '<input type="hidden" name="version" id="id_version">' in html


def test_fields_in_error_are_marked_invalid() -> None:
    # Given a form submitted without its required name
    form = _Sample(data={"kind": "a", "start": "01/12/2026"})

    # When it is validated and rendered
    assert not form.is_valid()
    html = str(form)

    # Then only the name field is marked invalid, next to its Vietnamese message
    assert 'class="form-control is-invalid"' in html
    assert html.count("is-invalid") == 1


def test_errors_on_hidden_fields_are_shown_at_the_top_of_the_form() -> None:
    # Given a form whose hidden version field was refused (someone saved in between)
    from django.template.loader import render_to_string

    form = _Sample(data={"name": "x", "kind": "a", "start": "01/12/2026", "version": "1"})
    assert form.is_valid()
    form.add_error("version", "Người khác vừa sửa; hãy tải lại trang.")

    # When the shared form template renders it
    html = render_to_string("core/_form.html", {"form": form})

    # Then the message is shown in the alert above the fields
    assert '<div class="alert alert-danger" role="alert">' in html
    assert "Người khác vừa sửa; hãy tải lại trang." in html
