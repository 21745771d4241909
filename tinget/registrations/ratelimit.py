"""Fixed-window counters in the cache, for sign-up attempts per client address and per email.

With the default local-memory cache each app process counts on its own; set CACHE_URL to
Redis to share the counters between processes. A cache that is down never blocks a sign-up.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "tinget:signup-rate"
logger = logging.getLogger(__name__)


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/600" -> 60 attempts per 600 seconds."""
    count, _slash, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address our trusted proxies saw."""
    proxies = settings.TINGET_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def hit(scope: str, key: str, rate: str) -> tuple[bool, int]:
    """Count one attempt; returns (allowed, seconds until the window resets)."""
    limit, window = parse_rate(rate)
    now = int(time.time())
    bucket = now // window
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"{PREFIX}:{scope}:{digest}:{bucket}"
    retry_after = window - (now % window)
    try:
        cache.add(cache_key, 0, timeout=window + 1)
        count = cache.incr(cache_key)
    except ValueError:
        # The key expired between add and incr: this is the first attempt of a new window.
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    except Exception:
        # A failing cache must not stop people signing up.
        logger.exception("sign-up rate limit not checked: the cache failed")
        return True, 0
    return count <= limit, retry_after


def check_ip(request) -> tuple[bool, int]:
    if not settings.TINGET_SIGNUP_RATELIMIT:
        return True, 0
    return hit("ip", client_ip(request), settings.TINGET_SIGNUP_LIMIT_PER_IP)


def check_email(email: str) -> tuple[bool, int]:
    if not settings.TINGET_SIGNUP_RATELIMIT:
        return True, 0
    return hit("email", email.strip().lower(), settings.TINGET_SIGNUP_LIMIT_PER_EMAIL)
