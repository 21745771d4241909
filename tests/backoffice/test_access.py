"""Every organiser screen, visited by someone who must not see it, with people present
who could leak: the answer is a login redirect, 403 or 404, and no name or email shows."""

import pytest
from django.urls import reverse

from tests.backoffice.conftest import SECRET_EMAIL, SECRET_NAME, no_leak
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import AuditEntry
from tinget.registrations.models import AttendanceImport, Registration

pytestmark = pytest.mark.django_db

# (url name, kwargs kind, personal data?)
SESSION_SCREENS = [
    ("session", False),
    ("registrants", True),
    ("export_csv", True),
    ("export_xlsx", True),
    ("add_registration", True),
    ("message", True),
    ("attendance", True),
    ("followup", True),
]
PERSONAL = [name for name, personal in SESSION_SCREENS if personal]
POSTS = ["message", "attendance", "link", "followup", "add_registration"]
REGISTRATION_POSTS = ["cancel", "promote"]


def body(response) -> str:
    if response.streaming:
        content = b"".join(response.streaming_content)
        return content.decode(errors="replace")
    return response.content.decode(errors="replace")


def session_url(name, session):
    return reverse(f"backoffice:{name}", kwargs={"pk": session.pk})


@pytest.mark.parametrize("name", [name for name, _ in SESSION_SCREENS])
def test_session_screen_anonymous_goes_to_login(client, session, people, name):
    response = client.get(session_url(name, session))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    no_leak(response)


@pytest.mark.parametrize("name", [name for name, _ in SESSION_SCREENS])
def test_session_screen_other_organisations_editor_gets_404(
    client, outsider, session, people, name
):
    client.force_login(outsider)
    response = client.get(session_url(name, session))
    assert response.status_code == 404
    assert SECRET_NAME not in body(response)
    no_leak(response)


@pytest.mark.parametrize("name", PERSONAL)
def test_personal_screen_viewer_gets_403_without_people(client, viewer, session, people, name):
    client.force_login(viewer)
    response = client.get(session_url(name, session))
    assert response.status_code == 403
    text = body(response)
    assert "Du har ikke adgang til denne side" in text
    assert SECRET_EMAIL not in text
    no_leak(response)


@pytest.mark.parametrize("name", [name for name, _ in SESSION_SCREENS])
def test_session_screen_logged_in_non_staff_gets_403(client, not_staff, session, people, name):
    client.force_login(not_staff)
    response = client.get(session_url(name, session))
    assert response.status_code == 403
    no_leak(response)


def test_dashboards_viewer_sees_figures_but_no_people(client, viewer, session, series, people):
    client.force_login(viewer)
    response = client.get(reverse("backoffice:series", kwargs={"slug": series.slug}))
    assert response.status_code == 200
    assert "Cirkulære indkøb" in body(response)
    no_leak(response)
    response = client.get(session_url("session", session))
    assert response.status_code == 200
    text = body(response)
    assert 'data-figure="waiting">1<' in text
    # No links to the screens the viewer may not open.
    assert session_url("registrants", session) not in text
    no_leak(response)


def test_series_dashboard_outsider_and_anonymous_see_nothing(client, outsider, series, people):
    url = reverse("backoffice:series", kwargs={"slug": series.slug})
    response = client.get(url)
    assert response.status_code == 302
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 404
    assert series.title not in body(response)
    no_leak(response)
    home = client.get(reverse("backoffice:home"))
    assert series.title not in body(home)


@pytest.mark.parametrize("name", POSTS)
@pytest.mark.parametrize("who", ["viewer", "outsider", "anonymous"])
def test_posts_by_the_wrong_person_change_nothing(request, client, session, people, name, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    before = list(Registration.objects.order_by("pk").values_list("status", "attendance"))
    response = client.post(
        session_url(name, session),
        {
            "group": "confirmed",
            "subject": "Hej",
            "body": "Tekst",
            "send": "1",
            "expected": "1",
            "kind": "attended",
            "name": "Ny Person",
            "email": "ny@example.dk",
            "language": "da",
            "participant": "1",
            "registration": str(people[0].pk),
        },
    )
    assert response.status_code in {302, 403, 404}
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == (404 if who == "outsider" else 403)
    no_leak(response)
    assert list(Registration.objects.order_by("pk").values_list("status", "attendance")) == before
    assert not OutboundEmail.objects.exists()
    assert not AttendanceImport.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("name", REGISTRATION_POSTS)
@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_hand_actions_by_the_wrong_person_change_nothing(
    request, client, people, waiting_registration, name, who
):
    client.force_login(request.getfixturevalue(who))
    url = reverse(f"backoffice:{name}", kwargs={"pk": waiting_registration.pk})
    response = client.post(url)
    assert response.status_code == (404 if who == "outsider" else 403)
    no_leak(response)
    waiting_registration.refresh_from_db()
    assert waiting_registration.status == Registration.Status.WAITING
    assert not AuditEntry.objects.exists()


def test_exports_by_viewer_write_no_audit_entry(client, viewer, session, people):
    client.force_login(viewer)
    for name in ("export_csv", "export_xlsx"):
        response = client.get(session_url(name, session))
        assert response.status_code == 403
        assert "attachment" not in response.get("Content-Disposition", "")
    assert not AuditEntry.objects.exists()
