"""The demo's material reads well on the public page (found in exploratory QA of the demo,
where the podcast said "Podcast: … (podcast)")."""

import pytest
from django.urls import reverse

from tests.programme.test_demo import series  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_demo_podcast_is_named_once_as_a_podcast(client, series):  # noqa: F811
    first = series.sessions.order_by("starts_at").first()
    url = reverse("programme:session", kwargs={"slug": series.slug, "pk": first.pk})
    html = client.get(url).content.decode()
    assert "Hvordan leder vi bæredygtig udvikling? (Gentofte Kommune og LYDPOL)</a>" in html
    assert '<span class="material-kind">(podcast)</span>' in html
    assert "Podcast: Hvordan" not in html
