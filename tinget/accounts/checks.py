"""System checks for the production set-up."""

from django.conf import settings
from django.core.checks import Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(deploy=True)
def shared_cache_for_several_processes(app_configs, **kwargs):
    """Rate limits (sign-up and login) live in the cache: with a per-process cache each of N
    processes counts on its own, and the limits become N times as high."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PER_PROCESS_CACHES and settings.TINGET_WEB_PROCESSES > 1:
        return [
            Warning(
                f"The cache ({backend.rsplit('.', 1)[-1]}) is per process, but "
                f"GRANIAN_WORKERS is {settings.TINGET_WEB_PROCESSES}: every process "
                "counts the sign-up and login rate limits on its own.",
                hint="Set CACHE_URL=redis://… so all processes share the counters.",
                id="tinget.W001",
            )
        ]
    return []
