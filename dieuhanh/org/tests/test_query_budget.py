"""Pages use a fixed number of queries whatever the number of units and people."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dieuhanh.org.models import Person, Posting, Unit
from dieuhanh.org.tests.factories import make_unit, position

# Budgets: authority (postings, portfolios, delegations + prefetches), session, page data.
BUDGETS = {"home": 12, "tree": 12, "unit": 20, "people": 12, "person": 16, "delegations": 12}


def grow(org, factor: int) -> None:
    """Add `factor` regional units of 10 staff each (and a team) under the province."""
    start = dt.date(2025, 7, 1)
    people, postings = [], []
    units = []
    for index in range(factor):
        unit = make_unit(f"kvx{factor}-{index}", f"Khu vực thêm {index}", "khu-vuc", org.province)
        units.append(make_unit(f"kvx{factor}-{index}-t", f"Tổ {index}", "to", unit))
        units.append(unit)
    for unit in units:
        for n in range(5):
            people.append(Person(staff_code=f"{unit.code}-{n}", full_name=f"Người {unit.code} {n}"))
    Person.objects.bulk_create(people)
    grades = [
        position("vien-truong"),
        position("ksv-trung-cap"),
        position("ktv"),
        position("chuyen-vien"),
        position("ksv-so-cap"),
    ]
    by_code = {
        p.staff_code: p for p in Person.objects.filter(staff_code__startswith=f"kvx{factor}-")
    }
    for unit in units:
        for n in range(5):
            postings.append(
                Posting(
                    person=by_code[f"{unit.code}-{n}"], unit=unit, position=grades[n], start=start
                )
            )
    # Staff of KV1 grows too, for the unit page.
    extra = Person.objects.bulk_create(
        [Person(staff_code=f"kv1x{factor}-{n}", full_name=f"KSV {n}") for n in range(5 * factor)]
    )
    postings += [Posting(person=p, unit=org.kv1, position=grades[1], start=start) for p in extra]
    Posting.objects.bulk_create(postings)


def page_urls(org):
    return {
        "home": reverse("home"),
        "tree": reverse("org:tree"),
        "unit": reverse("org:unit", kwargs={"code": "kv1"}),
        "people": reverse("org:people"),
        "person": reverse("org:person", kwargs={"pk": org.prosecutor.pk}),
        "delegations": reverse("org:delegations"),
    }


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("archetype", ["chief", "deputy", "unit_head", "admin"])
def test_query_count_does_not_grow_with_data(client, org, archetype):
    # Given a small organisation, measured page by page
    client.force_login(getattr(org, archetype).user)
    urls = page_urls(org)
    small = {name: count_queries(client, url) for name, url in urls.items()}
    # When the organisation grows ten-fold (10 more regional units, 50 more people in KV1)
    grow(org, 1)
    one = {name: count_queries(client, url) for name, url in urls.items()}
    grow(org, 10)
    ten = {name: count_queries(client, url) for name, url in urls.items()}
    # Then each page makes the same number of queries, within its budget
    assert ten == one
    for name, count in ten.items():
        assert count <= BUDGETS[name], f"{name}: {count} queries > budget {BUDGETS[name]}"
    assert Unit.objects.count() > 25
    del small  # the first request also warms caches (content types); not compared
