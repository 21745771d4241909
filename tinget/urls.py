from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from tinget.programme.media_views import serve_upload

# The admin logs in through the same login page (throttled, with two-factor authentication).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tinget.api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("tinget.programme.urls")),
    path("", include("tinget.registrations.urls")),
    path("arrangoer/konto/", include("allauth.urls")),
    path("arrangoer/importer/", include("tinget.announcements.urls")),
    path("arrangoer/api/", include("tinget.api.urls_screens")),
    path("arrangoer/integrationer/", include("tinget.integrations.urls")),
    path("arrangoer/", include("tinget.backoffice.urls")),
    path("evaluering/", include("tinget.backoffice.public_urls")),
    # Demo only: every page answers 404 unless TINGET_DEMO_INBOX is on (never in production).
    path("demo/indbakke/", include("tinget.mailings.urls")),
    prefix_default_language=False,
)
if settings.TINGET_SERVE_MEDIA:
    urlpatterns += [
        path("media/<path:path>", serve_upload, name="media"),
    ]

handler400 = "tinget.http.bad_request"
handler403 = "tinget.http.permission_denied"
handler404 = "tinget.http.page_not_found"
handler500 = "tinget.http.server_error"
