"""The access authority: postings, portfolios and delegations, with their dates."""

import datetime as dt

import pytest
from django.utils import timezone

from dieuhanh.core.errors import Denied
from dieuhanh.org.access import authority_for
from dieuhanh.org.models import Delegation, Power, WorkArea


def codes(authority, power=Power.VIEW, **kwargs):
    return sorted(authority.units(power, **kwargs).values_list("code", flat=True))


ALL = ["kv1", "kv1-to1", "kv2", "phong-1", "tinh-thu"]


@pytest.mark.parametrize(
    ("archetype", "expected"),
    [
        ("unit_head", ["kv1", "kv1-to1"]),
        ("chief", ALL),
        ("peer", ["kv2"]),
        ("deputy", ALL),
        ("delegate", ["kv2", "phong-1"]),
        ("past_delegate", ["phong-1"]),
        ("outsider", []),
        ("admin", ALL),
        ("team_member", ["kv1-to1"]),
    ],
)
def test_view_scope_follows_postings_and_delegations(org, archetype, expected):
    # Given an archetype user; when the authority is asked for the units they may view
    authority = authority_for(getattr(org, archetype).user)
    # Then it lists exactly the subtrees their postings and delegations cover today
    assert codes(authority) == expected


def test_head_holds_every_power_over_the_subtree_only(org):
    authority = authority_for(org.unit_head.user)
    for power in Power.values:
        assert authority.can(org.team, power)
        assert not authority.can(org.kv2, power)
        assert not authority.can(org.province, power)


def test_deputy_acts_only_within_portfolio(org):
    # Given a deputy chief whose portfolio names KV1 and the work area XXHS
    authority = authority_for(org.deputy.user)
    xxhs = WorkArea.objects.get(code="XXHS").pk
    dsh = WorkArea.objects.get(code="DSHN").pk
    # Then they direct KV1 (and its team), but not KV2 or Phòng 1 in general
    assert codes(authority, Power.DIRECT) == ["kv1", "kv1-to1"]
    assert authority.can(org.team, Power.DIRECT)
    assert not authority.can(org.kv2, Power.DIRECT)
    # And for their work area they act across the province, for other areas not
    assert authority.can(org.kv2, Power.DIRECT, work_area=xxhs)
    assert not authority.can(org.kv2, Power.DIRECT, work_area=dsh)
    # And a portfolio never gives structural or delegation powers
    assert not authority.can(org.kv1, Power.MANAGE_UNITS)
    assert not authority.can(org.kv1, Power.DELEGATE)


def test_portfolio_lapses_when_the_deputy_posting_ends(org):
    # Given the deputy's posting ended yesterday
    org.deputy.postings.update(end=org.today - dt.timedelta(days=1))
    # When the authority is computed today
    authority = authority_for(org.deputy.user)
    # Then neither the posting nor the portfolio gives anything
    assert codes(authority) == []
    assert not authority.can(org.kv1, Power.DIRECT)


def test_action_under_delegation_is_on_behalf_of_grantor(org):
    # Given the delegate holds DIRECT on KV2 under the Chief's delegation
    authority = authority_for(org.delegate.user)
    # When they act on KV2
    actor = authority.actor_for(org.kv2, Power.DIRECT)
    # Then the action is recorded on behalf of the Chief, with the delegation
    assert actor.user == org.delegate.user
    assert actor.on_behalf_of == org.chief.user
    assert actor.on_behalf_of_label == "Trần Văn Trưởng"
    assert actor.delegation_id == org.delegation.pk
    # And powers the delegation does not name stay denied
    with pytest.raises(Denied):
        authority.actor_for(org.kv2, Power.MANAGE_STAFF)


def test_own_basis_is_preferred_to_a_delegation(org):
    # Given the peer (head of KV2) also receives a delegation over KV2
    extra = Delegation.objects.create(
        grantor=org.chief,
        grantee=org.peer,
        powers=[Power.DIRECT],
        start=org.today,
        end=org.today,
        instrument_number="03/QĐ",
        instrument_date=org.today,
    )
    extra.units.set([org.kv2])
    # When the peer acts on KV2
    actor = authority_for(org.peer.user).actor_for(org.kv2, Power.DIRECT)
    # Then it is in their own name
    assert actor.on_behalf_of is None
    assert actor.delegation_id is None


def test_delegation_counts_only_within_its_dates_and_until_revoked(org):
    delegate = org.delegate.user
    # Before the start, on the first and last day, and after the end
    assert not authority_for(delegate, org.delegation.start - dt.timedelta(days=1)).can(
        org.kv2, Power.DIRECT
    )
    assert authority_for(delegate, org.delegation.start).can(org.kv2, Power.DIRECT)
    assert authority_for(delegate, org.delegation.end).can(org.kv2, Power.DIRECT)
    assert not authority_for(delegate, org.delegation.end + dt.timedelta(days=1)).can(
        org.kv2, Power.DIRECT
    )
    # The past delegate held it during their window only
    past = org.past_delegation
    assert authority_for(org.past_delegate.user, past.end).can(org.kv2, Power.DIRECT)
    assert not authority_for(org.past_delegate.user).can(org.kv2, Power.DIRECT)
    # A revoked delegation gives nothing from the moment it is revoked
    Delegation.objects.filter(pk=org.delegation.pk).update(revoked_at=timezone.now())
    assert not authority_for(delegate).can(org.kv2, Power.DIRECT)


def test_postings_count_on_their_own_dates(org):
    # Given the regional head's posting started 400 days ago
    before = org.today - dt.timedelta(days=401)
    # Then on the day before, they had no scope at all
    assert codes(authority_for(org.unit_head.user, before)) == []


def test_member_may_view_and_report_but_not_direct(org):
    authority = authority_for(org.prosecutor.user)
    assert authority.can(org.kv1, Power.VIEW)
    assert authority.can(org.kv1, Power.REPORT)
    assert not authority.can(org.kv1, Power.DIRECT)
    assert not authority.can(org.province, Power.VIEW)


def test_anonymous_user_has_no_scope(db):
    from django.contrib.auth.models import AnonymousUser

    authority = authority_for(AnonymousUser())
    assert authority.paths(Power.VIEW) == []
