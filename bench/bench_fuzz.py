"""The fuzzer of tests/security/fuzz.py for longer: many seeded requests over every URL
pattern, against a throwaway SQLite data directory with DEBUG off, through Django's test
client (middleware, permissions, templates, error pages). Prints the status codes seen and
`BENCH fuzz_requests N count` / `BENCH fuzz_5xx N count`; exits 1 on any server error.
`make bench` runs it; or `uv run python bench/bench_fuzz.py` (BENCH_FUZZ_REQUESTS, default
30,000; BENCH_FUZZ_SEED, default 1).
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA_DIR = Path(tempfile.mkdtemp(prefix="tinget-bench-fuzz-"))
(DATA_DIR / "static").mkdir()
os.environ.update(
    {
        "TINGET_DATA_DIR": str(DATA_DIR),
        "DJANGO_SETTINGS_MODULE": "tinget.settings",
        "ALLOWED_HOSTS": "testserver",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "CRITICAL",
        "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
        "TINGET_SIGNUP_RATELIMIT": "0",
        "TINGET_MFA_REQUIRED_FOR_STAFF": "0",
    }
)
os.environ.pop("DATABASE_URL", None)
REQUESTS = int(os.environ.get("BENCH_FUZZ_REQUESTS", "30000"))
SEED = int(os.environ.get("BENCH_FUZZ_SEED", "1"))


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command

    from tests.security.fuzz import Fuzzer, build_world
    from tinget.programme.models import SDG, Municipality
    from tinget.programme.reference_data import load_reference_data

    call_command("migrate", verbosity=0)
    if not SDG.objects.exists():
        load_reference_data(SDG, Municipality)
    fuzzer = Fuzzer(SEED, build_world())
    start = time.perf_counter()
    report = fuzzer.run(REQUESTS)
    elapsed = time.perf_counter() - start
    print(report.table())
    print(f"{REQUESTS / elapsed:.0f} requests/s over {elapsed:.0f} s (seed {SEED})")
    for error in report.errors:
        print(error)
    print(f"BENCH fuzz_requests {report.total} count")
    print(f"BENCH fuzz_5xx {report.server_errors} count")
    return 1 if report.server_errors else 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    sys.exit(code)
