"""The back office's fixtures (series, session, editor, viewer…) serve the upload tests too."""

from tests.backoffice.conftest import *  # noqa: F403
