"""The `tinget` command: Django's management commands with Tinget's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinget.settings")
    # Inline: Django is imported only once the settings module is chosen.
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415 — Django loads once the settings module is chosen
    from django.core.management import execute_from_command_line  # noqa: PLC0415 — Django loads once the settings module is chosen

    try:
        execute_from_command_line(["tinget", *sys.argv[1:]])
    except ImproperlyConfigured as error:
        # A configuration mistake (e.g. no SECRET_KEY in production): one line, no traceback.
        sys.exit(f"tinget: {error}")


if __name__ == "__main__":
    main()
