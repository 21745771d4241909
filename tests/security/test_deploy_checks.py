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


def _statement_errors(deploy: bool) -> list:
    return [m for m in run_checks(include_deployment_checks=deploy) if m.id == "tinget.E001"]


def test_production_without_statement_phone_or_email_fails_the_checks(settings):
    settings.DEBUG = False
    settings.TINGET_BASE_URL = "https://tinget.example.dk"
    settings.TINGET_CONTACT_EMAIL = "web@tinget.example.dk"
    settings.TINGET_CONTACT_PHONE = ""
    errors = _statement_errors(deploy=False)
    assert len(errors) == 1 and errors[0].is_serious()
    assert "TINGET_CONTACT_PHONE is not set" in errors[0].msg
    assert len(_statement_errors(deploy=True)) == 1  # said once, not twice
    settings.TINGET_CONTACT_EMAIL = " "
    assert "TINGET_CONTACT_EMAIL and TINGET_CONTACT_PHONE are not set" in (
        _statement_errors(deploy=False)[0].msg
    )


def test_statement_contacts_set_or_a_developer_machine_pass_the_checks(settings):
    settings.DEBUG = False
    settings.TINGET_BASE_URL = "http://127.0.0.1:8000"
    settings.TINGET_CONTACT_EMAIL = settings.TINGET_CONTACT_PHONE = ""
    assert _statement_errors(deploy=False) == []
    # ...but checking before deploying says what is missing.
    assert len(_statement_errors(deploy=True)) == 1
    settings.TINGET_BASE_URL = "https://tinget.example.dk"
    settings.TINGET_CONTACT_EMAIL = "web@tinget.example.dk"
    settings.TINGET_CONTACT_PHONE = "+45 33 12 34 56"
    assert _statement_errors(deploy=False) == [] and _statement_errors(deploy=True) == []
