"""With CACHE_URL pointing at Redis, every app process shares the sign-up rate limits."""

import subprocess
import sys
import uuid

import pytest

REDIS_URL = "redis://127.0.0.1:6379/15"

COUNT_IN_A_PROCESS = """
from django.conf import settings
import django
django.setup()
from tinget.registrations import ratelimit
allowed = [ratelimit.hit("email", "{key}", "3/600")[0] for _ in range(2)]
print(",".join(str(a) for a in allowed))
"""


def _redis_up() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379 (CI starts it)")
def test_two_app_processes_share_the_rate_limit_through_redis(tmp_path):
    key = f"anna-{uuid.uuid4()}@example.dk"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "tinget.settings",
        "TINGET_DATA_DIR": str(tmp_path),
        "CACHE_URL": REDIS_URL,
    }
    runs = [
        subprocess.run(
            [sys.executable, "-c", COUNT_IN_A_PROCESS.replace("{key}", key)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for _ in range(2)
    ]
    # 3 attempts allowed in the window: the second process sees the first one's two.
    assert runs == ["True,True", "True,False"]
