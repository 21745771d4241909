"""The attendance page in Danish: the link button and the import time (found in
exploratory QA of the demo)."""

import pytest

from tests.attendance.test_upload import upload
from tests.backoffice.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_attendance_page_link_button_and_import_time_are_danish(editor_client, session):
    RegistrationFactory(session=session, name="Mette Miljø", email="mette.miljo@aarhus.example.dk")
    # Someone registered who did not come: a choice for linking an unmatched participant.
    RegistrationFactory(session=session, name="Lone Ladefoged", email="lone@example.dk")
    response = upload(editor_client, session, "da_current_utf16le_nobom.csv")
    html = editor_client.get(response["Location"]).content.decode()
    # An unmatched participant is listed with a Danish button to link them.
    assert ">Forbind</button>" in html
    assert ">Link</button>" not in html
    assert "”, importeret " in html and " kl. " in html.split("”, importeret ", 1)[1][:40]
    dashboard = editor_client.get(f"/arrangoer/sessioner/{session.pk}/").content.decode()
    assert " kl. " in dashboard.split("importeret ", 1)[1][:40]
