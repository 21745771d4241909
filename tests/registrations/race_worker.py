"""A worker process for the confirmation race (test_race.py): its own interpreter, its own
Django setup and database connection, pointed at the test database the parent created."""

import os
import time
import traceback


def confirm_many(database_name: str, registration_ids: list[int], barrier, results) -> None:
    """Confirm each registration through the service; report (id, status) or the error."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django
    from django.conf import settings

    # The emails are stored in the outbox as usual but no send task runs (the dummy backend
    # keeps them): the race is about seats, not about SMTP.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    django.setup()
    from django.db import connection

    connection.settings_dict["NAME"] = database_name

    from tinget.registrations import services

    outcome, errors = [], []
    connection.ensure_connection()
    barrier.wait(timeout=120)
    started = time.time()
    for registration_id in registration_ids:
        try:
            registration = services.confirm_registration(registration_id=registration_id)
            outcome.append((registration_id, registration.status))
        except Exception:
            errors.append(traceback.format_exc())
    finished = time.time()
    connection.close()
    results.put((os.getpid(), outcome, errors, started, finished))
