"""The `tinget` command: Django's management commands with Tinget's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinget.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["tinget", *sys.argv[1:]])
    except ImproperlyConfigured as error:
        # A configuration mistake (e.g. no SECRET_KEY in production): one line, no traceback.
        sys.exit(f"tinget: {error}")


if __name__ == "__main__":
    main()
