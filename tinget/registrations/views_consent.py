"""Withdrawing an optional consent from the manage pages (one button, like giving it)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import consents, selectors
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
