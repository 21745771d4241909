"""5,000 seeded requests over every URL pattern: no response is a server error."""

import pytest
from django.core.cache import cache

from .fuzz import Fuzzer, build_world

pytestmark = pytest.mark.django_db

REQUESTS = 5_000
SEED = 20261204


def test_fuzzing_every_url_pattern_gives_no_server_error(settings):
    settings.TINGET_SIGNUP_RATELIMIT = False
    cache.clear()
    fuzzer = Fuzzer(SEED, build_world())
    try:
        report = fuzzer.run(REQUESTS)
    except Exception:
        print("LAST", getattr(fuzzer, "last", None))
        raise
    print(report.table())
    assert report.total == REQUESTS
    assert report.patterns > 50
    assert report.server_errors == 0, "\n\n".join(report.errors)
