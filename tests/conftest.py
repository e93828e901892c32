"""Hypothesis profiles: ``ci`` (the default: fast, for every run) and ``thorough``
(select it with ``HYPOTHESIS_PROFILE=thorough`` before a release or after touching
the deal's handlers)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=50,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
# fewer examples, every test: CI's runs on the lowest and highest supported Pythons
settings.register_profile(
    "smoke",
    max_examples=10,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# the store's databases: a SQLite file, and a throw-away PostgreSQL server (tests/postgres.py)
from .store_fixtures import pg_cluster, store_url  # noqa: E402, F401

#: modules of long hypothesis searches and multi-process stress tests: marked ``slow`` so that
#: CI's runs on the other supported Pythons (3.10, 3.13) can leave them to the README's full
#: run (``-m "not slow"``); a plain ``pytest`` runs everything
SLOW_MODULES = frozenset(
    {
        "test_errors_contract",
        "test_fuzz",
        "test_invariants",
        "test_now",
        "test_search",
        "test_store_reliability",
        "test_testing",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of SLOW_MODULES ``slow``."""
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
