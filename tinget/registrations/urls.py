from django.urls import path

from . import views, views_consent, views_join

app_name = "registrations"
urlpatterns = [
    # Signing up
    path("tilmelding/session/<int:pk>/", views.session_signup, name="session_signup"),
    path(
        "tilmelding/session/<int:pk>/tjek-din-email/",
        views.session_check_email,
        name="session_check_email",
    ),
    path("tilmelding/serie/<slug:slug>/", views.series_signup, name="series_signup"),
    path(
        "tilmelding/serie/<slug:slug>/tjek-din-email/",
        views.series_check_email,
        name="series_check_email",
    ),
    # One registration, by its secret link
    path("tilmelding/bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("min-tilmelding/<str:token>/", views.manage, name="manage"),
    path("min-tilmelding/<str:token>/afmeld/", views.cancel, name="cancel"),
    path("min-tilmelding/<str:token>/ny-kalender/", views.renew_feed, name="renew_feed"),
    path("min-tilmelding/<str:token>/oplysninger/", views.details, name="details"),
    path("min-tilmelding/<str:token>/mine-data.json", views.my_data, name="data"),
    path("min-tilmelding/<str:token>/slet/", views.delete, name="delete"),
    path("min-tilmelding/<str:token>/invitation.ics", views_join.my_invite, name="my_invite"),
    path(
        "min-tilmelding/<str:token>/samtykke/<slug:key>/traek-tilbage/",
        views_consent.withdraw,
        name="withdraw_consent",
    ),
    # One-click unsubscribe from bulk mail to a group (RFC 8058)
    path("afmeld-mails/<str:token>/", views_consent.unsubscribe, name="unsubscribe"),
    # The personal join link: its own token, leading only to the meeting
    path("deltag/<str:token>/", views_join.join, name="join"),
    # A whole-series subscription, by its secret link
    path(
        "tilmelding/raekke/bekraeft/<str:token>/",
        views.subscription_confirm,
        name="subscription_confirm",
    ),
    path("min-raekke/<str:token>/", views.subscription_manage, name="subscription_manage"),
    path("min-raekke/<str:token>/afmeld/", views.subscription_cancel, name="subscription_cancel"),
    path(
        "min-raekke/<str:token>/forlad/<int:registration_pk>/",
        views.subscription_leave,
        name="subscription_leave",
    ),
    path(
        "min-raekke/<str:token>/oplysninger/",
        views.subscription_details,
        name="subscription_details",
    ),
    path(
        "min-raekke/<str:token>/mine-data.json", views.subscription_data, name="subscription_data"
    ),
    path("min-raekke/<str:token>/slet/", views.subscription_delete, name="subscription_delete"),
    path(
        "min-raekke/<str:token>/samtykke/<slug:key>/traek-tilbage/",
        views_consent.subscription_withdraw,
        name="subscription_withdraw_consent",
    ),
]
