"""Configuration comes from environment variables with the documented defaults."""

import json
import subprocess
import sys

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": settings.DATABASES["default"]["NAME"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "mail": settings.MAILERS["default"],
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "base": settings.TINGET_BASE_URL,
    "secret_len": len(settings.SECRET_KEY),
    "from": settings.DEFAULT_FROM_EMAIL,
}))
"""


def probe(tmp_path, **env) -> dict:
    base = {"DJANGO_SETTINGS_MODULE": "tinget.settings", "TINGET_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={"PATH": "/usr/bin:/bin", **base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_settings_defaults_to_sqlite_in_data_dir_without_debug(tmp_path):
    config = probe(tmp_path)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["db_name"] == str(tmp_path / "tinget.sqlite3")
    assert config["cache"].endswith("LocMemCache")
    assert config["debug"] is False
    assert config["mail"]["OPTIONS"]["host"] == "localhost"
    # the demo's secret key is generated once into the data directory and reused
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert probe(tmp_path)["secret_len"] == config["secret_len"] >= 50


def test_settings_reads_production_variables(tmp_path):
    config = probe(
        tmp_path,
        DATABASE_URL="postgres://tinget:pw@db.example:5432/tinget",
        CACHE_URL="redis://127.0.0.1:6379/1",
        EMAIL_HOST="smtp.example.dk",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="secret",
        EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="Webinarer <webinar@example.dk>",
        ALLOWED_HOSTS="tinget.example.dk,www.tinget.example.dk",
        TINGET_BASE_URL="https://tinget.example.dk/",
        SECRET_KEY="x" * 60,
        DEBUG="1",
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["db_name"] == "tinget"
    assert config["cache"].endswith("RedisCache")
    assert config["mail"]["OPTIONS"] == {
        "host": "smtp.example.dk",
        "port": 587,
        "username": "mailer",
        "password": "secret",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 10,
    }
    assert config["from"] == "Webinarer <webinar@example.dk>"
    assert config["hosts"] == ["tinget.example.dk", "www.tinget.example.dk"]
    assert config["base"] == "https://tinget.example.dk"
    assert config["debug"] is True
    assert config["secret_len"] == 60


def test_production_without_secret_key_stops_with_a_clear_message(tmp_path):
    env = {"TINGET_BASE_URL": "https://tinget.example.dk", "ALLOWED_HOSTS": "tinget.example.dk"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tinget.settings",
            "TINGET_DATA_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_https_base_url_turns_on_hsts_redirect_and_secure_cookies(tmp_path):
    code = PROBE.replace(
        '"from": settings.DEFAULT_FROM_EMAIL,',
        '"hsts": settings.SECURE_HSTS_SECONDS, "redirect": settings.SECURE_SSL_REDIRECT,'
        ' "cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],',
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "tinget.settings",
        "TINGET_DATA_DIR": str(tmp_path),
        "TINGET_BASE_URL": "https://tinget.example.dk",
        "SECRET_KEY": "x" * 60,
        "TINGET_HSTS_SECONDS": "600",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    config = json.loads(result.stdout)
    assert config["hsts"] == 600
    assert config["redirect"] is True
    assert config["cookies"] == [True, True]
