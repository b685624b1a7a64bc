"""History panels speak the user's language: verbs for action codes, field names as labelled."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from dieuhanh.core.models import ApiToken, AuditEntry
from dieuhanh.core.templatetags.core_tags import action_label, field_label


def test_known_action_codes_read_as_verbs_and_unknown_ones_stay_codes() -> None:
    # Given action codes of several apps, When labelled, Then the verb is read from the end
    assert action_label("org.unit.update") == "sửa"
    assert action_label("org.delegation.revoke") == "thu hồi"
    assert action_label("plans.period.close") == "khóa sổ"
    assert action_label("x.something_new") == "x.something_new"


@pytest.mark.django_db
def test_changed_fields_are_shown_with_their_verbose_names() -> None:
    # Given an audit entry about an API token
    entry = AuditEntry(content_type=ContentType.objects.get_for_model(ApiToken))

    # When its changed fields are labelled
    # Then model fields show their verbose name, capitalised; unknown names stay as they are
    assert field_label("name", entry) == "Tên"
    assert field_label("no_such_field", entry) == "no_such_field"
    assert field_label("name", AuditEntry()) == "name"
