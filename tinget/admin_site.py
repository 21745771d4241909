"""The Django admin is for site operators only: superusers.

Organisers work in the screens under /arrangoer/. Anyone else who is logged in gets 403 on
every admin page (the login page itself stays, so a superuser can log in there).
"""

from functools import wraps

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


class OperatorAdminSite(AdminSite):
    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_superuser

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return wrapper


class OperatorAdminConfig(AdminConfig):
    default_site = "tinget.admin_site.OperatorAdminSite"
