"""No page scrolls sideways at 320 CSS px (WCAG 1.4.10 Reflow: 1280 px at 400 % zoom).

Chromium at 320 px walks every page of a seeded series a visitor can reach by following links
from the front page (Danish and English), the registrant's own pages, and every organiser
page reachable from the back office's start page, and asserts that
document.documentElement.scrollWidth stays within 320. A table may scroll inside its own
`.table--responsive-scroll` box; the page itself may not. Also the states that only a form
reaches: the message preview with a long link, the attendance result, form errors."""

import datetime as dt
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.backoffice.factories import RegistrationFactory
from tests.factories import MembershipFactory, SessionFactory, build_seed_series
from tinget.programme.models import Membership, Session
from tinget.registrations.models import Registration
from tinget.registrations.services import import_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320
# Not pages: downloads, feeds, the JSON API and its Swagger UI, Django's admin, logging out.
SKIP = (".ics", ".csv", ".xlsx", ".json", ".pdf", "/api/", "/admin/", "/logout/", "/kalender/")
# For the failure message: the elements and the runs of text that stick out (outside a table's
# own scroll box); an overflowing word does not widen its block, only its own text box.
WIDE_ELEMENTS = """(width) => {
  const out = [];
  const describe = (e) => e.tagName + '.' + e.className;
  const inScrollBox = (e) => e.closest('.table--responsive-scroll');
  for (const e of document.querySelectorAll('body *')) {
    if (e.getBoundingClientRect().right > width + 1 && !inScrollBox(e)
        && !e.querySelector('*')) out.push(describe(e));
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || inScrollBox(node.parentElement)) continue;
    range.selectNodeContents(node);
    if (range.getBoundingClientRect().right > width + 1)
      out.push(describe(node.parentElement) + ' "' + node.textContent.trim().slice(0, 50) + '"');
  }
  return out.slice(0, 4);
}"""
LINKS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"
REPORT = (
    "1. Oversigt\nMødetitel\tX\n\n2. Deltagere\n"
    "Navn\tFørste deltagelse\tSidste afrejse\tVarighed i møde\tMail\tRolle\n"
    "Ukendt Ulla Uddannelseskonsulentsen\t10-03-2027 09.00.00\t10-03-2027 10.00.00\t1 t\t"
    "ulla.uddannelseskonsulentsen@kommunernes-landsforening.example.dk\tDeltager\n"
).encode("utf-16")


@pytest.fixture
def seeded(db):
    """The seed-like series with people in every state, an imported attendance report and
    long names, addresses and links (the things that push a narrow page wide)."""
    series = build_seed_series()
    upcoming = series.sessions.filter(status=Session.Status.SCHEDULED).order_by("starts_at")
    first = upcoming.first()
    people = [
        RegistrationFactory(
            session=first,
            name="Anne-Mette Søndergaard-Christoffersen",
            email="anne-mette.sondergaard-christoffersen@kommunernes-landsforening.example.dk",
            organisation="Kommunernes Landsforening, Center for Bæredygtighedstransformation",
        ),
        RegistrationFactory(session=first, status=Registration.Status.WAITING),
    ]
    start = timezone.now() - dt.timedelta(days=2)
    held = SessionFactory(
        series=series,
        title="Afholdt webinar om cirkulære indkøb",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        status=Session.Status.HELD,
    )
    RegistrationFactory(session=held, name="Mødt Mette", attendance="attended")
    RegistrationFactory(session=held, name="Udeblevet Ulrik", attendance="missed")
    import_report(session=held, data=REPORT, filename="rapport.csv")
    csr = series.partnerships.get(organisation__name="CSR Forum").organisation
    editor = MembershipFactory(organisation=csr, role=Membership.Role.EDITOR).user
    return {"series": series, "first": first, "held": held, "people": people, "editor": editor}


@pytest.fixture
def narrow(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 640}, locale="da-DK", timezone_id="Europe/Copenhagen"
    )
    yield context.new_page()
    context.close()


def log_in(page, live_server, user) -> None:
    """The browser carries the organiser's session cookie (login has tests of its own)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def overflow(page) -> str | None:
    """None when the page fits; else what sticks out."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width <= WIDTH:
        return None
    return f"{width} px wide: {page.evaluate(WIDE_ELEMENTS, WIDTH)}"


def crawl(page, live_server, starts, inside: str, limit: int) -> dict[str, str | None]:
    """Visit every same-site page linked from `starts` whose path starts with `inside`."""
    seen: dict[str, str | None] = {}
    queue = list(starts)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        seen[path] = overflow(page)
        for href in page.evaluate(LINKS):
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != live_server.url or parts.query:
                continue
            target = parts.path
            wanted = target.startswith(inside) and not any(skip in target for skip in SKIP)
            if wanted and target not in seen and target not in queue:
                queue.append(target)
    return seen


def test_every_public_page_of_a_series_fits_320px(narrow, live_server, seeded):
    anne = seeded["people"][0]
    registrant_pages = [
        reverse("registrations:manage", kwargs={"token": anne.token}),
        reverse("registrations:details", kwargs={"token": anne.token}),
        reverse("registrations:delete", kwargs={"token": anne.token}),
        reverse("registrations:join", kwargs={"token": anne.join_token}),
        reverse(
            "feedback:form",
            kwargs={"token": seeded["held"].registrations.first().feedback_token},
        ),
    ]
    starts = ["/", "/en/", *registrant_pages, *("/en" + path for path in registrant_pages)]
    results = crawl(narrow, live_server, starts, inside="/", limit=160)
    visited = set(results)
    assert seeded["series"].get_absolute_url() in visited
    assert "/en" + seeded["first"].get_absolute_url() in visited
    assert any(path.startswith("/personer/") for path in visited)
    assert any(path.startswith("/tilmelding/session/") for path in visited)
    assert not any(path.startswith("/arrangoer/") for path in visited)
    # A form with errors: the error summary and messages must fit too.
    narrow.goto(live_server.url + f"/tilmelding/session/{seeded['first'].pk}/")
    narrow.locator("form [type=submit]").last.click()
    narrow.locator(".form-error-message").first.wait_for()
    results["sign-up with errors"] = overflow(narrow)
    wide = {path: problem for path, problem in results.items() if problem}
    assert wide == {}, f"{len(wide)} of {len(results)} pages scroll sideways at 320 px: {wide}"


def test_every_organiser_page_of_a_series_fits_320px(narrow, live_server, seeded):
    log_in(narrow, live_server, seeded["editor"])
    results = crawl(narrow, live_server, ["/arrangoer/"], inside="/arrangoer/", limit=160)
    first, held = seeded["first"], seeded["held"]
    for name, pk in (("registrants", first.pk), ("attendance", held.pk), ("followup", held.pk)):
        assert reverse(f"backoffice:{name}", kwargs={"pk": pk}) in results, name
    assert reverse("backoffice:series", kwargs={"slug": seeded["series"].slug}) in results

    # The message preview, with a long link in the text.
    narrow.goto(live_server.url + reverse("backoffice:message", kwargs={"pk": first.pk}))
    narrow.fill("#id_subject", "Husk materialet til webinaret om verdensmålene")
    narrow.fill(
        "#id_body",
        "Læs rapporten før mødet: https://www.kommunernes-landsforening.example.dk/"
        "publikationer/baeredygtig-omstilling/verdensmaalene-i-kommunerne-2027-rapport.pdf",
    )
    narrow.get_by_role("button", name="Forhåndsvis").click()
    narrow.locator("button[name=send]").wait_for()
    results["message preview"] = overflow(narrow)
    # A form with errors (the file input among them).
    narrow.goto(live_server.url + reverse("backoffice:attendance", kwargs={"pk": held.pk}))
    narrow.get_by_role("button", name="Importér fremmøde").click()
    narrow.locator(".form-error-message").first.wait_for()
    results["attendance upload with errors"] = overflow(narrow)
    wide = {path: problem for path, problem in results.items() if problem}
    assert wide == {}, f"{len(wide)} of {len(results)} pages scroll sideways at 320 px: {wide}"
