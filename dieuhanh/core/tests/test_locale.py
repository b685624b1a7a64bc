"""Vietnamese first: dates dd/mm/yyyy, Vietnamese numbers, Asia/Ho_Chi_Minh; English switchable."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation


def test_defaults_are_vietnamese_and_local_time():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


def test_dates_and_numbers_use_vietnamese_formats():
    with translation.override("vi"):
        assert formats.date_format(dt.date(2026, 3, 5)) == "05/03/2026"
        assert formats.date_format(dt.date(2026, 3, 5), "SHORT_DATE_FORMAT") == "05/03/2026"
        assert (
            formats.number_format(Decimal("1234567.5"), 1, use_l10n=True, force_grouping=True)
            == "1.234.567,5"
        )


def test_date_inputs_accept_dd_mm_yyyy():
    from django import forms

    from dieuhanh.core.forms import DateInput

    class F(forms.Form):
        day = forms.DateField(widget=DateInput())

    with translation.override("vi"):
        form = F({"day": "02/09/2026"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == dt.date(2026, 9, 2)
        assert 'value="02/09/2026"' in str(F(initial={"day": dt.date(2026, 9, 2)})["day"])
        bad = F({"day": "31/02/2026"})
        assert not bad.is_valid()


def test_templates_render_times_in_ho_chi_minh():
    # 17:30 UTC is 00:30 the next day in Hà Nội
    moment = dt.datetime(2026, 11, 27, 17, 30, tzinfo=dt.UTC)
    rendered = Template('{{ moment|date:"H:i d/m/Y" }}').render(Context({"moment": moment}))
    assert rendered == "00:30 28/11/2026"


def test_user_can_switch_to_english(client, org):
    # Given the Chief on the tree page in Vietnamese
    client.force_login(org.chief.user)
    assert '<html lang="vi">' in client.get(reverse("org:tree")).text
    # When they choose English
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("org:tree")})
    assert response.status_code == 302
    # Then pages render in English
    page = client.get(reverse("org:tree")).text
    assert '<html lang="en">' in page
    assert "Organisation" in page
