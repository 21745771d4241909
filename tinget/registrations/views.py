"""Public sign-up pages and the manage pages reached by a secret link. Thin: the rules live
in services.py; these views turn domain errors into messages.

The secret links carry Registration.token / SeriesSubscription.token (24 random bytes), so
the pages behind them are never cached, never indexed, and 404 for unknown tokens.
"""

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tinget.fetchmeta import same_origin_post
from tinget.programme import selectors as programme_selectors
from tinget.programme.models import Series, Session

from . import notice, ratelimit, selectors, services
from .forms import DetailsForm, SignupForm
from .join import my_calendar_links, personal_join_url
from .models import Registration, SeriesSubscription

logger = logging.getLogger(__name__)


def _published_session(pk) -> Session:
    return get_object_or_404(
        Session.objects.select_related("series"), pk=pk, series__status=Series.Status.PUBLISHED
    )


def _published_series(slug) -> Series:
    return get_object_or_404(Series, slug=slug, status=Series.Status.PUBLISHED)


def _signup_page(request, form, *, series, session=None, status=200):
    return render(
        request,
        "registrations/signup.html",
        {
            "form": form,
            "series": series,
            "session": session,
            "open": services.signup_open(session) if session else True,
            "seats": selectors.seats(session) if session else None,
            "organisation_suggestions": selectors.organisation_suggestions(),
            # The series' band, menu and contact in the page's frame, as on its own pages.
            "nav_series": series,
            "nav_partnerships": programme_selectors.series_partnerships(series),
        },
        status=status,
    )


def _confirm_page(request, *, email, series, session=None):
    return render(
        request,
        "registrations/confirm.html",
        {"email": email, "series": series, "session": session},
    )


def _rate_limited(request, retry_after: int):
    response = render(
        request,
        "registrations/rate_limited.html",
        {"minutes": max(1, -(-retry_after // 60))},
        status=429,
    )
    response["Retry-After"] = str(max(retry_after, 1))
    return response


def _handle_signup(request, *, series, session=None):
    allowed, retry_after = ratelimit.check_ip(request)
    if not allowed:
        return _rate_limited(request, retry_after)
    form = SignupForm(request.POST, series=series)
    done = (
        reverse("registrations:session_check_email", kwargs={"pk": session.pk})
        if session
        else reverse("registrations:series_check_email", kwargs={"slug": series.slug})
    )
    if form.honeypot_filled:
        # A bot: answer as if it worked, so it learns nothing.
        logger.info("sign-up honeypot filled; ignored")
        return redirect(done)
    if not form.is_valid():
        return _signup_page(request, form, series=series, session=session)
    allowed, retry_after = ratelimit.check_email(form.cleaned_data["email"])
    if not allowed:
        return _rate_limited(request, retry_after)
    try:
        if session:
            services.register_for_session(
                session_id=session.pk, registrant=form.registrant(), session=session
            )
        else:
            services.subscribe_to_series(series_id=series.pk, registrant=form.registrant())
    except services.SignupClosed:
        return _signup_page(request, SignupForm(series=series), series=series, session=session)
    # The same page whether the address was new or known: it reveals no registration.
    return redirect(done)


@same_origin_post
def session_signup(request, pk):
    session = _published_session(pk)
    if request.method == "POST" and services.signup_open(session):
        return _handle_signup(request, series=session.series, session=session)
    return _signup_page(
        request, SignupForm(series=session.series), series=session.series, session=session
    )


@same_origin_post
def series_signup(request, slug):
    series = _published_series(slug)
    if request.method == "POST":
        return _handle_signup(request, series=series)
    return _signup_page(request, SignupForm(series=series), series=series)


def _check_email_page(request, *, series, session=None):
    return render(
        request,
        "registrations/check_email.html",
        {
            "series": series,
            "session": session,
            "confirmation_hours": settings.TINGET_CONFIRMATION_HOURS,
        },
    )


def session_check_email(request, pk):
    session = _published_session(pk)
    return _check_email_page(request, series=session.series, session=session)


def series_check_email(request, slug):
    return _check_email_page(request, series=_published_series(slug))


def _expired_page(request, *, series, session=None):
    return render(
        request,
        "registrations/expired.html",
        {
            "series": series,
            "session": session,
            "confirmation_hours": settings.TINGET_CONFIRMATION_HOURS,
        },
        status=410,
    )


# --- one registration, by its secret link -----------------------------------------------


def _link_not_found(request):
    return render(request, "registrations/link_not_found.html", status=404)


def _optional_url(names, **kwargs) -> str:
    for name in names:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return ""


def _manage_page(request, registration: Registration, *, just_confirmed=False, error=None):
    session = registration.session
    confirmed = registration.status == Registration.Status.CONFIRMED
    return render(
        request,
        "registrations/manage.html",
        {
            "registration": registration,
            "session": session,
            "series": session.series,
            "just_confirmed": just_confirmed,
            "error": error,
            "consents": notice.consent_records(registration),
            "withdraw_url": "registrations:withdraw_consent",
            "position": selectors.waiting_position(registration),
            "is_upcoming": session.is_upcoming,
            "can_cancel": registration.status in services.ACTIVE_STATUSES and session.is_upcoming,
            # The personal join link is shown to confirmed people only, here and in their
            # emails; it leads to the meeting's current link (views_join.py).
            "join_url": personal_join_url(registration)
            if confirmed and session.is_upcoming
            else "",
            "my_calendar": my_calendar_links(registration)
            if confirmed and session.is_upcoming
            else None,
            "join_opens_minutes": settings.TINGET_JOIN_OPENS_MINUTES,
            "personal_feed_url": _optional_url(
                ["registrations:personal_feed", "programme:personal_feed"],
                token=registration.feed_token,
            )
            if confirmed
            else "",
        },
    )


@never_cache
def confirm(request, token):
    """The double opt-in link from the email. Idempotent, so a second click is harmless.

    Opening the link (GET) only shows a button; pressing it (POST) confirms. Mail systems
    such as Microsoft Safe Links open every link in an email to scan it, and a GET that
    confirmed would sign people up without them."""
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _link_not_found(request)
    if request.method != "POST":
        if registration.status != Registration.Status.PENDING:
            return _manage_page(request, registration)
        return _confirm_page(
            request,
            email=registration.email,
            series=registration.session.series,
            session=registration.session,
        )
    try:
        confirmed = services.confirm_registration(
            registration_id=registration.pk, registration=registration
        )
    except services.ConfirmationExpired:
        return _expired_page(
            request, series=registration.session.series, session=registration.session
        )
    except services.RegistrationError as error:
        return _manage_page(request, registration, error=error.message)
    # The decision's result on the row already loaded with its session and series.
    for name in ("status", "confirmed_at", "waitlisted_at"):
        setattr(registration, name, getattr(confirmed, name))
    return _manage_page(
        request,
        registration,
        just_confirmed=registration.status
        in (
            Registration.Status.CONFIRMED,
            Registration.Status.WAITING,
            Registration.Status.AWAITING_APPROVAL,
        ),
    )


@never_cache
def manage(request, token):
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _link_not_found(request)
    return _manage_page(request, registration)


@never_cache
@require_POST
def renew_feed(request, token):
    """A new address for the personal calendar feed (the old one stops working at once)."""
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _link_not_found(request)
    services.renew_feed_token(registration_id=registration.pk)
    messages.success(
        request,
        _(
            "Your calendar has a new address. Subscribe to it again; the old address no "
            "longer works."
        ),
    )
    return redirect("registrations:manage", token=token)


@never_cache
@require_POST
def cancel(request, token):
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _link_not_found(request)
    services.cancel_registration(registration_id=registration.pk)
    messages.success(request, _("Your registration is cancelled. We have sent you a receipt."))
    return redirect("registrations:manage", token=token)


def _details_page(request, form, *, owner, back_url, template_context):
    return render(
        request,
        "registrations/details.html",
        {
            "form": form,
            "owner": owner,
            "back_url": back_url,
            "organisation_suggestions": selectors.organisation_suggestions(),
            **template_context,
        },
    )


@never_cache
def details(request, token):
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _link_not_found(request)
    form = DetailsForm.for_registrant(
        registration, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        services.update_registrant_details(
            registration_id=registration.pk, changes=form.registrant_changes()
        )
        messages.success(request, _("Your details are saved."))
        return redirect("registrations:manage", token=token)
    return _details_page(
        request,
        form,
        owner=registration,
        back_url=reverse("registrations:manage", kwargs={"token": token}),
        template_context={"session": registration.session, "series": registration.session.series},
    )


def _data_response(email: str) -> HttpResponse:
    data = services.export_my_data(email=email)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="tinget-mine-data-{stamp}.json"'
    return response


@never_cache
def my_data(request, token):
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _link_not_found(request)
    return _data_response(registration.email)


def _delete_flow(request, *, email, back_url, context):
    if request.method == "POST":
        services.delete_my_data(email=email)
        return render(request, "registrations/deleted.html", context)
    return render(request, "registrations/delete.html", {"back_url": back_url, **context})


@never_cache
def delete(request, token):
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _link_not_found(request)
    return _delete_flow(
        request,
        email=registration.email,
        back_url=reverse("registrations:manage", kwargs={"token": token}),
        context={"series": registration.session.series, "email": registration.email},
    )


# --- a series subscription, by its secret link ------------------------------------------


def _subscription_page(
    request, subscription: SeriesSubscription, *, just_confirmed=False, error=None
):
    registrations = list(selectors.subscription_registrations(subscription))
    return render(
        request,
        "registrations/subscription_manage.html",
        {
            "subscription": subscription,
            "series": subscription.series,
            "registrations": registrations,
            "consents": notice.consent_records(subscription),
            "withdraw_url": "registrations:subscription_withdraw_consent",
            "just_confirmed": just_confirmed,
            "error": error,
        },
    )


@never_cache
def subscription_confirm(request, token):
    """As confirm(): the link shows a button, the button confirms."""
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        return _link_not_found(request)
    if request.method != "POST":
        if subscription.status != SeriesSubscription.Status.PENDING:
            return _subscription_page(request, subscription)
        return _confirm_page(request, email=subscription.email, series=subscription.series)
    try:
        services.confirm_subscription(subscription_id=subscription.pk)
    except services.ConfirmationExpired:
        return _expired_page(request, series=subscription.series)
    except services.RegistrationError as error:
        return _subscription_page(request, subscription, error=error.message)
    return _subscription_page(request, selectors.subscription_by_token(token), just_confirmed=True)


@never_cache
def subscription_manage(request, token):
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        return _link_not_found(request)
    return _subscription_page(request, subscription)


@never_cache
@require_POST
def subscription_cancel(request, token):
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        return _link_not_found(request)
    services.cancel_subscription(subscription_id=subscription.pk)
    messages.success(
        request, _("You no longer follow the series, and you have left its coming webinars.")
    )
    return redirect("registrations:subscription_manage", token=token)


@never_cache
@require_POST
def subscription_leave(request, token, registration_pk):
    """Leave one session of the series with one click; the subscription stays."""
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        return _link_not_found(request)
    registration = get_object_or_404(
        Registration,
        pk=registration_pk,
        email=subscription.email,
        session__series_id=subscription.series_id,
    )
    services.cancel_registration(registration_id=registration.pk)
    messages.success(
        request,
        _("You have left “%(session)s”.") % {"session": registration.session.display_title},
    )
    return redirect("registrations:subscription_manage", token=token)


@never_cache
def subscription_details(request, token):
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        return _link_not_found(request)
    form = DetailsForm.for_registrant(
        subscription, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        services.update_registrant_details(
            subscription_id=subscription.pk, changes=form.registrant_changes()
        )
        messages.success(request, _("Your details are saved."))
        return redirect("registrations:subscription_manage", token=token)
    return _details_page(
        request,
        form,
        owner=subscription,
        back_url=reverse("registrations:subscription_manage", kwargs={"token": token}),
        template_context={"series": subscription.series},
    )


@never_cache
def subscription_data(request, token):
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        return _link_not_found(request)
    return _data_response(subscription.email)


@never_cache
def subscription_delete(request, token):
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        return _link_not_found(request)
    return _delete_flow(
        request,
        email=subscription.email,
        back_url=reverse("registrations:subscription_manage", kwargs={"token": token}),
        context={"series": subscription.series, "email": subscription.email},
    )
