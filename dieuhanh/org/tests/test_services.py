"""Organisation services: the rules they enforce, what they record, and that refusals save nothing."""

import datetime as dt

import pytest

from dieuhanh.core.errors import Denied, StaleEdit
from dieuhanh.core.models import AuditEntry
from dieuhanh.org import services
from dieuhanh.org.access import authority_for
from dieuhanh.org.errors import OrgError
from dieuhanh.org.models import Delegation, Position, Posting, Power, Unit, UnitLevel, UnitName
from dieuhanh.org.tests.factories import PersonFactory


def counts():
    return (
        Unit.objects.count(),
        Posting.objects.count(),
        Delegation.objects.count(),
        AuditEntry.objects.count(),
    )


# ---------------------------------------------------------------- postings


def test_second_holder_of_single_holder_position_is_refused(org):
    # Given KV1 already has a Viện trưởng
    newcomer = PersonFactory(full_name="Mai Văn Mới")
    before = counts()
    # When the Chief posts a second Viện trưởng to KV1 for an overlapping period
    with pytest.raises(OrgError) as error:
        services.create_posting(
            person=newcomer,
            unit=org.kv1,
            position=Position.objects.get(code="vien-truong"),
            start=org.today,
            authority=authority_for(org.chief.user),
        )
    # Then it is refused, naming the position and the holder, and nothing is saved
    assert error.value.field == "position"
    assert "Viện trưởng" in error.value.message
    assert "Nguyễn Văn Khu" in error.value.message
    assert counts() == before


def test_single_holder_position_can_be_filled_after_the_holder_leaves(org):
    # Given the head's posting ends today
    head_posting = org.unit_head.postings.get()
    chief = authority_for(org.chief.user)
    services.end_posting(
        head_posting, end=org.today, expected_version=head_posting.version, authority=chief
    )
    # When a successor is posted from tomorrow
    successor = PersonFactory(full_name="Lý Thị Kế")
    posting = services.create_posting(
        person=successor,
        unit=org.kv1,
        position=Position.objects.get(code="vien-truong"),
        start=org.today + dt.timedelta(days=1),
        authority=chief,
    )
    # Then the posting is saved and both are in the unit's history
    assert posting.pk is not None
    assert list(
        Posting.objects.filter(unit=org.kv1, position__code="vien-truong")
        .order_by("start")
        .values_list("person__full_name", flat=True)
    ) == ["Nguyễn Văn Khu", "Lý Thị Kế"]


def test_overlapping_main_postings_are_refused_but_concurrent_allowed(org):
    chief = authority_for(org.chief.user)
    ksv = Position.objects.get(code="ksv-trung-cap")
    before = counts()
    with pytest.raises(OrgError) as error:
        services.create_posting(
            person=org.prosecutor, unit=org.kv2, position=ksv, start=org.today, authority=chief
        )
    assert error.value.field == "start"
    assert counts() == before
    posting = services.create_posting(
        person=org.prosecutor,
        unit=org.kv2,
        position=ksv,
        start=org.today,
        concurrent=True,
        authority=chief,
    )
    assert posting.concurrent is True


def test_posting_outside_staff_scope_is_denied(org):
    before = counts()
    with pytest.raises(Denied):
        services.create_posting(
            person=org.prosecutor,
            unit=org.kv2,
            position=Position.objects.get(code="chuyen-vien"),
            start=org.today,
            concurrent=True,
            authority=authority_for(org.unit_head.user),
        )
    assert counts() == before


def test_posting_end_before_start_is_refused(org):
    posting = org.prosecutor.postings.get()
    with pytest.raises(OrgError) as error:
        services.end_posting(
            posting,
            end=posting.start - dt.timedelta(days=1),
            expected_version=posting.version,
            authority=authority_for(org.chief.user),
        )
    assert error.value.field == "end"
    posting.refresh_from_db()
    assert posting.end is None


def test_posting_creation_is_audited(org):
    chief = authority_for(org.chief.user)
    posting = services.create_posting(
        person=PersonFactory(full_name="Tạ Văn Mới"),
        unit=org.kv1,
        position=Position.objects.get(code="chuyen-vien"),
        start=dt.date(2026, 12, 1),
        authority=chief,
    )
    entry = AuditEntry.objects.for_object(posting).get()
    assert entry.action == "org.posting.create"
    assert entry.actor == org.chief.user
    assert entry.actor_label == "Trần Văn Trưởng"
    assert entry.on_behalf_of is None
    assert entry.changes["start"] == [None, "2026-12-01"]
    assert entry.changes["unit"] == [None, {"id": org.kv1.pk, "repr": "VKSND khu vực 1"}]


def test_transfer_ends_old_posting_and_starts_new(org):
    chief = authority_for(org.chief.user)
    old = org.prosecutor.postings.get()
    on = org.today + dt.timedelta(days=10)
    new = services.transfer_person(
        old,
        to_unit=org.kv2,
        position=Position.objects.get(code="ksv-trung-cap"),
        on=on,
        authority=chief,
        decision="QĐ 9/QĐ",
    )
    old.refresh_from_db()
    assert old.end == on - dt.timedelta(days=1)
    assert (new.unit, new.start, new.end) == (org.kv2, on, None)


# ---------------------------------------------------------------- units


def test_unit_cannot_move_under_its_own_descendant(org):
    # Given KV1 has a team below it
    before = (counts(), org.kv1.path)
    # When someone tries to move KV1 under its team
    with pytest.raises(OrgError) as error:
        services.move_unit(
            org.kv1,
            new_parent=Unit.objects.get(code="kv1-to1"),
            authority=authority_for(org.chief.user),
            expected_version=org.kv1.version,
        )
    # Then it is refused and nothing moved
    assert error.value.field == "new_parent"
    assert (counts(), Unit.objects.get(code="kv1").path) == before


def test_unit_move_carries_its_subtree(org):
    services.move_unit(
        Unit.objects.get(code="kv1-to1"),
        new_parent=org.kv2,
        authority=authority_for(org.chief.user),
        expected_version=1,
    )
    team = Unit.objects.get(code="kv1-to1")
    assert Unit.objects.get_parent(team).code == "kv2"
    # And the regional head of KV1 no longer sees the team
    assert not authority_for(org.unit_head.user).can(team, Power.VIEW)
    assert authority_for(org.peer.user).can(team, Power.VIEW)


def test_rename_keeps_the_former_name(org):
    services.update_unit(
        org.kv1,
        expected_version=org.kv1.version,
        authority=authority_for(org.unit_head.user),
        name="VKSND khu vực Một",
        short_name="KV1",
        level=org.kv1.level,
        active_from=None,
        active_to=None,
        note="",
        renamed_on=dt.date(2026, 11, 1),
        rename_decision="QĐ 12/QĐ",
    )
    former = UnitName.objects.get(unit=org.kv1)
    assert (former.name, former.valid_to, former.decision) == (
        "VKSND khu vực 1",
        dt.date(2026, 10, 31),
        "QĐ 12/QĐ",
    )
    entry = AuditEntry.objects.for_object(org.kv1).get()
    assert entry.changes["name"] == ["VKSND khu vực 1", "VKSND khu vực Một"]


def test_stale_edit_is_refused_and_the_first_save_kept(org):
    # Given two people opened KV1's form at version 1
    chief = authority_for(org.chief.user)
    kwargs = {
        "short_name": "KV1",
        "level": org.kv1.level,
        "active_from": None,
        "active_to": None,
        "note": "",
    }
    services.update_unit(
        Unit.objects.get(pk=org.kv1.pk),
        expected_version=1,
        authority=chief,
        name="Tên thứ nhất",
        **kwargs,
    )
    # When the second saves with the version they loaded
    with pytest.raises(StaleEdit):
        services.update_unit(
            Unit.objects.get(pk=org.kv1.pk),
            expected_version=1,
            authority=chief,
            name="Tên thứ hai",
            **kwargs,
        )
    # Then the first save is kept
    unit = Unit.objects.get(pk=org.kv1.pk)
    assert (unit.name, unit.version) == ("Tên thứ nhất", 2)


def test_merge_creates_successor_and_moves_staff_but_not_heads(org):
    chief = authority_for(org.chief.user)
    on = org.today + dt.timedelta(days=1)
    merged = services.merge_units(
        [org.kv1, org.kv2],
        parent=org.province,
        code="kv12",
        name="VKSND khu vực 1-2",
        level=UnitLevel.objects.get(code="khu-vuc"),
        on=on,
        authority=chief,
        decision="QĐ 20/QĐ",
    )
    assert sorted(merged.predecessors.values_list("code", flat=True)) == ["kv1", "kv2"]
    assert set(
        Unit.objects.filter(code__in=["kv1", "kv2"]).values_list("active_to", flat=True)
    ) == {org.today}
    # The prosecutor moved with the same grade; the heads did not (single-holder positions)
    moved = Posting.objects.filter(unit=merged).values_list("person__full_name", "position__code")
    assert list(moved) == [("Đỗ Thị Kiểm", "ksv-trung-cap")]
    assert Posting.objects.get(person=org.unit_head).end == org.today
    # Every ended posting is audited
    ended = AuditEntry.objects.filter(action="org.posting.end").values_list(
        "object_repr", flat=True
    )
    assert sorted(ended) == sorted(
        [
            "Nguyễn Văn Khu — Viện trưởng — VKSND khu vực 1",
            "Đỗ Thị Kiểm — Kiểm sát viên trung cấp — VKSND khu vực 1",
            "Hoàng Văn Bên — Viện trưởng — VKSND khu vực 2",
        ]
    )


def test_merge_needs_two_units(org):
    before = counts()
    with pytest.raises(OrgError):
        services.merge_units(
            [org.kv1],
            parent=org.province,
            code="kvx",
            name="X",
            level=org.kv1.level,
            on=org.today,
            authority=authority_for(org.chief.user),
        )
    assert counts() == before


# ---------------------------------------------------------------- delegations


def delegate_kwargs(org, **overrides):
    values = {
        "grantor": org.chief,
        "grantee": org.dept_head,
        "powers": [Power.DIRECT],
        "units": [org.kv1],
        "start": org.today,
        "end": org.today + dt.timedelta(days=7),
        "instrument_number": "10/QĐ-VKS",
        "instrument_date": org.today,
        "authority": authority_for(org.chief.user),
    }
    return {**values, **overrides}


def test_delegation_to_oneself_is_refused(org):
    before = counts()
    with pytest.raises(OrgError) as error:
        services.grant_delegation(**delegate_kwargs(org, grantee=org.chief))
    assert error.value.field == "grantee"
    assert counts() == before


def test_delegation_of_a_power_the_grantor_does_not_hold_is_refused(org):
    # Given the head of KV1 tries to delegate directing KV2, which he does not direct
    before = counts()
    with pytest.raises(OrgError) as error:
        services.grant_delegation(
            **delegate_kwargs(
                org,
                grantor=org.unit_head,
                units=[org.kv2],
                authority=authority_for(org.unit_head.user),
            )
        )
    # Then the message names the power and the unit, and nothing is saved
    assert error.value.field == "powers"
    assert "Chỉ đạo, giao nhiệm vụ" in error.value.message
    assert "VKSND khu vực 2" in error.value.message
    assert counts() == before


def test_delegation_cannot_outlive_the_grantors_posting(org):
    # Given the head's posting ends in three days
    org.unit_head.postings.update(end=org.today + dt.timedelta(days=3))
    before = counts()
    with pytest.raises(OrgError):
        services.grant_delegation(
            **delegate_kwargs(
                org,
                grantor=org.unit_head,
                grantee=org.prosecutor,
                authority=authority_for(org.unit_head.user),
            )
        )
    assert counts() == before


def test_only_the_grantor_or_an_administrator_registers_a_delegation(org):
    before = counts()
    with pytest.raises(Denied):
        services.grant_delegation(**delegate_kwargs(org, authority=authority_for(org.deputy.user)))
    assert counts() == before
    delegation = services.grant_delegation(
        **delegate_kwargs(org, authority=authority_for(org.admin.user))
    )
    assert delegation.grantor == org.chief


def test_delegation_of_the_power_to_delegate_is_refused(org):
    with pytest.raises(OrgError):
        services.grant_delegation(**delegate_kwargs(org, powers=[Power.DELEGATE]))


def test_delegation_grant_and_revoke_are_audited(org):
    delegation = services.grant_delegation(**delegate_kwargs(org))
    assert authority_for(org.dept_head.user).can(org.kv1, Power.DIRECT)
    services.revoke_delegation(
        delegation,
        reason="Đồng chí Viện trưởng đã trở lại",
        expected_version=delegation.version,
        authority=authority_for(org.chief.user),
    )
    assert not authority_for(org.dept_head.user).can(org.kv1, Power.DIRECT)
    actions = list(
        AuditEntry.objects.for_object(delegation).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["org.delegation.grant", "org.delegation.revoke"]
    with pytest.raises(OrgError):
        services.revoke_delegation(
            Delegation.objects.get(pk=delegation.pk),
            reason="lần hai",
            expected_version=2,
            authority=authority_for(org.chief.user),
        )
