"""The token list writes its dates and times as the other organiser screens do: "kl. 15.35"
in Danish, "15:35" in English, the month in the reader's language."""

import datetime as dt

import pytest

from tinget.api.models import ApiToken
from tinget.programme.formatting import COPENHAGEN

pytestmark = pytest.mark.django_db

TOKENS = "/arrangoer/api/noegler/"
USED = dt.datetime(2026, 11, 27, 15, 35, tzinfo=COPENHAGEN)
MADE = dt.datetime(2026, 11, 2, 9, 0, tzinfo=COPENHAGEN)


@pytest.fixture
def used(token):
    ApiToken.objects.update(last_used_at=USED, created_at=MADE)


def test_token_list_dates_read_the_danish_way(client, editor, used):
    client.force_login(editor)
    page = client.get(TOKENS).content.decode()
    assert "27. november 2026 kl. 15.35" in page
    assert "2. november 2026" in page
    assert "15:35" not in page


def test_token_list_dates_read_the_english_way(client, editor, used):
    client.force_login(editor)
    page = client.get("/en" + TOKENS).content.decode()
    assert "27 November 2026, 15:35" in page
    assert "27. November" not in page
