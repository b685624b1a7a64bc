"""factory_boy factories for the organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model

from dieuhanh.org.models import Person, Position, Posting, Unit, UnitLevel


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("mat-khau-thu-nghiem")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    staff_code = factory.Sequence(lambda n: f"cb{n:05d}")
    full_name = factory.Sequence(lambda n: f"Cán bộ Thử {n}")
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..staff_code"))


def level(code: str) -> UnitLevel:
    return UnitLevel.objects.get(code=code)


def position(code: str) -> Position:
    return Position.objects.get(code=code)


def make_unit(
    code: str, name: str, level_code: str, parent: Unit | None = None, **extra: Any
) -> Unit:
    values = {"code": code, "name": name, "level": level(level_code), **extra}
    if parent is None:
        return Unit.objects.add_root(create_kwargs=values)
    return Unit.objects.add_child(parent, create_kwargs=values)


def post(person: Person, unit: Unit, position_code: str, start: dt.date, **extra: Any) -> Posting:
    return Posting.objects.create(
        person=person, unit=unit, position=position(position_code), start=start, **extra
    )
