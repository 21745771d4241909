"""The text part of the follow-up emails keeps the recap readable: paragraphs apart, list
items on their own lines, links with their address (found in exploratory QA of the demo,
where the whole recap arrived as one run-on paragraph)."""

import pytest
from django.urls import reverse

from tests.backoffice.test_followup import held  # noqa: F401 (fixture)
from tinget.mailings.models import OutboundEmail
from tinget.programme.markdown import markdown_to_email_text

pytestmark = pytest.mark.django_db

RECAP = (
    "Rækkens første webinar handlede om borgerne.\n\n"
    "- **Hvad borgerne mener.** Flemming gennemgik\n  analyserne.\n"
    "- Ledelse & mål. Læs [rapporten](https://example.org/rapport?a=1&b=2).\n\n"
    "Podcasten finder du under materialer."
)


def test_followup_text_email_keeps_the_recaps_paragraphs_lists_and_links(
    editor_client,
    held,  # noqa: F811
):
    session, _, came, _ = held
    session.recap = RECAP
    session.save()

    url = reverse("backoffice:followup", kwargs={"pk": session.pk})
    editor_client.post(url, {"kind": "attended"})

    body = OutboundEmail.objects.get(to=came.email).body_text
    assert (
        "Rækkens første webinar handlede om borgerne.\n\n"
        "- Hvad borgerne mener. Flemming gennemgik analyserne.\n"
        "- Ledelse & mål. Læs rapporten (https://example.org/rapport?a=1&b=2).\n\n"
        "Podcasten finder du under materialer."
    ) in body


def test_markdown_to_email_text_does_not_repeat_a_link_that_is_its_own_address():
    assert markdown_to_email_text("Se <https://example.org/x>.") == "Se https://example.org/x."


def test_markdown_to_email_text_of_nothing_is_empty():
    assert markdown_to_email_text("") == "" and markdown_to_email_text(None) == ""
