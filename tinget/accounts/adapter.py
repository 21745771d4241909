"""django-allauth, fitted to Tinget: accounts are made by administrators, never signed up."""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Organisers are created by an administrator (or invited by their team); nobody
        # signs up for an organiser account on their own.
        return False

    def get_reset_password_from_key_url(self, key: str) -> str:
        # The link in the reset email points at TINGET_BASE_URL, never at whatever Host
        # header the request came with (no reset-link poisoning).
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.TINGET_BASE_URL + path.replace("UID-KEY", quote(key))


class MFAAdapter(DefaultMFAAdapter):
    def _get_site_name(self) -> str:
        # The name a passkey dialog shows ("Tinget"), not the host name. The relying party's
        # id stays the request's host, which Django has checked against ALLOWED_HOSTS.
        return "Tinget"
