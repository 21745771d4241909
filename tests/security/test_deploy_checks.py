"""System checks for production: a per-process cache with several web processes warns."""

import pytest
from django.core.checks import run_checks

# Some of Django's own checks look at the database.
pytestmark = pytest.mark.django_db


def _ids():
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_per_process_cache_with_several_workers_warns(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.TINGET_WEB_PROCESSES = 4
    messages = [m for m in run_checks(include_deployment_checks=True) if m.id == "tinget.W001"]
    assert len(messages) == 1
    assert "CACHE_URL=redis://" in messages[0].hint


def test_redis_cache_or_one_worker_is_quiet(settings):
    settings.TINGET_WEB_PROCESSES = 1
    assert "tinget.W001" not in _ids()
    settings.TINGET_WEB_PROCESSES = 4
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert "tinget.W001" not in _ids()
