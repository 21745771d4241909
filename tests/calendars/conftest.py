import pytest


@pytest.fixture(autouse=True)
def _registration_urls(settings):
    settings.ROOT_URLCONF = "tests.mailings.urls"
