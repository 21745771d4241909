"""Withdrawing an optional consent from the manage pages (one button, like giving it), and
the one-click unsubscribe from bulk mail to a group."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tinget.programme.models import Series

from . import consents, selectors, services
from .models import GroupMailOptOut
from .unsubscribe import read_token
from .views import _link_not_found


def _withdraw(request, *, email, series_id, key):
    if consents.withdraw_consent(email=email, series_id=series_id, key=key):
        messages.success(request, _("Your consent is withdrawn."))


@never_cache
@require_POST
def withdraw(request, token, key):
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _link_not_found(request)
    _withdraw(request, email=registration.email, series_id=registration.session.series_id, key=key)
    return redirect("registrations:manage", token=token)


@never_cache
@require_POST
def subscription_withdraw(request, token, key):
    subscription = selectors.subscription_by_token(token)
    if subscription is None:
        return _link_not_found(request)
    _withdraw(request, email=subscription.email, series_id=subscription.series_id, key=key)
    return redirect("registrations:subscription_manage", token=token)


@never_cache
@csrf_exempt  # RFC 8058: the mail client posts without a token; the signed link is the key
def unsubscribe(request, token):
    """The one-click unsubscribe link of bulk mail to a group. GET shows a button (a mail
    scanner opening the link stops nothing); POST, from the button or from the mail client
    (body "List-Unsubscribe=One-Click"), stops that kind of mail from the series."""
    found = read_token(token)
    if found is None:
        return _link_not_found(request)
    email, series_id, kind = found
    series = Series.objects.filter(pk=series_id).first()
    if series is None:
        return _link_not_found(request)
    done = request.method == "POST"
    if done:
        services.opt_out_of_group_mail(email=email, series_id=series_id, kind=kind)
    return render(
        request,
        "registrations/unsubscribe.html",
        {
            "done": done,
            "series": series,
            "kind_label": GroupMailOptOut.Kind(kind).label,
            "email": email,
        },
    )
