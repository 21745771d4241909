"""The HTML emails meet WCAG 2.2 AA as axe-core sees them in Chromium (Danish and English)."""

import datetime as dt

import pytest

from tests.conftest import axe_violations, describe_violations
from tests.factories import SessionFactory
from tests.mailings.helpers import make_registration, make_subscription
from tinget.mailings.models import OutboundEmail
from tinget.registrations import notifications as notify
from tinget.registrations.models import Registration

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


@pytest.mark.parametrize("language", ["da", "en"])
def test_html_emails_have_no_axe_violations(page, language):
    session = SessionFactory(title="Cirkulær økonomi i kommunen")
    confirmed = make_registration(session, language=language)
    waiting = make_registration(session, language=language, status=Registration.Status.WAITING)
    pending = make_registration(session, language=language, status=Registration.Status.PENDING)
    # The worker renders "awaits approval" and "declined" only while that is still true.
    awaiting = make_registration(
        session, language=language, status=Registration.Status.AWAITING_APPROVAL
    )
    declined = make_registration(session, language=language, status=Registration.Status.DECLINED)
    subscription = make_subscription(session.series, language=language)
    notify.confirm_email(pending.pk)
    notify.registered(confirmed.pk)
    notify.waitlisted(waiting.pk)
    notify.already_registered(pending.pk)
    notify.promoted(confirmed.pk)
    notify.awaiting_approval(awaiting.pk)
    notify.declined(declined.pk)
    notify.subscription_confirm(subscription.pk)
    notify.subscription_confirmed(subscription.pk)
    for before in (dt.timedelta(hours=20), dt.timedelta(minutes=30)):
        notify.queue_due_reminders(now=session.starts_at - before)
    session.sequence = 1
    session.save()
    notify.session_changed(session.pk)
    notify.cancelled(confirmed.pk)
    # Another session is cancelled: the worker renders no "you are registered" and the like
    # for a cancelled session, and those of the first session must stay readable here.
    other = SessionFactory(series=session.series, title="Aflyst webinar om affald")
    make_registration(other, language=language)
    other.status = other.Status.CANCELLED
    other.save()
    notify.session_cancelled(other.pk)

    emails = list(OutboundEmail.objects.order_by("pk"))
    assert {e.template.split("_to_")[0] for e in emails} == set(notify.ALL_EVENTS)
    for email in emails:
        page.set_content(email.body_html)
        assert page.evaluate("document.documentElement.lang") == language
        violations = axe_violations(page)
        assert violations == [], f"{email.template}: {describe_violations(violations)}"
