"""Factories of the plans app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from counterpart.plans.models import Item, LedgerEntry, ResponsibilityList
from tests.factories import OrganizationFactory


class ResponsibilityListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityList

    title = factory.Sequence(lambda n: f"责任清单{n}")
    owner = factory.SubFactory(OrganizationFactory)
    year = 2018


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    responsibility_list = factory.SubFactory(ResponsibilityListFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n + 1)
    task = factory.Sequence(lambda n: f"任务{n}")
    lead_unit = factory.SubFactory(OrganizationFactory)
    target_quantity = Decimal("100")
    target_unit = "亩"
    start_date = dt.date(2018, 1, 1)
    deadline = dt.date(2018, 12, 31)


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerEntry

    item = factory.SubFactory(ItemFactory)
    year = 2018
    month = 6
    value = Decimal("50")
    status = LedgerEntry.Status.ACCEPTED
