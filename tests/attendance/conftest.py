"""The back office's fixtures (series, editor, viewer…) serve the upload tests too; the
session is yesterday's, since attendance exists only after a session has begun."""

import pytest

from tests.backoffice.conftest import *  # noqa: F403
from tests.factories import SessionFactory, at


@pytest.fixture
def session(series):
    return SessionFactory(
        series=series, title="Cirkulære indkøb", starts_at=at(-1), ends_at=at(-1, 10)
    )
