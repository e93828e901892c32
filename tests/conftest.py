"""Hypothesis profiles: ``ci`` (the default: fast, for every run) and ``thorough``
(select it with ``HYPOTHESIS_PROFILE=thorough`` before a release or after touching
the deal's handlers)."""

from __future__ import annotations

import os

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
