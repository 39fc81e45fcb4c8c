"""Fixtures shared by the unit tests of the customer-database modules."""

from __future__ import annotations

import pytest

import crmkit
from crmkit import database as db


@pytest.fixture(scope="module")
def customers():
    return crmkit.load_dataset("customers")


@pytest.fixture(scope="module")
def raw_truth(customers):
    return db.make_raw_records(customers)


@pytest.fixture(scope="module")
def con():
    tables = {name: crmkit.load_dataset(name) for name in db.SCHEMA}
    connection = db.connect(tables)
    yield connection
    connection.close()
