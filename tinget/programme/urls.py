from django.urls import path

from . import calendar_views, views

app_name = "programme"
urlpatterns = [
    path("", views.front_page, name="front"),
    path("serier/<slug:slug>/", views.series_page, name="series"),
    path("serier/<slug:slug>/sessioner/<int:pk>/", views.session_page, name="session"),
    path(
        "serier/<slug:slug>/sessioner/<int:pk>/kalender.ics",
        calendar_views.session_ics,
        name="session_ics",
    ),
    path("serier/<slug:slug>/talere/", views.series_speakers_page, name="series_speakers"),
    path("serier/<slug:slug>/arkiv/", views.series_archive_page, name="series_archive"),
    path("serier/<slug:slug>/kalender.ics", calendar_views.series_feed, name="series_feed"),
    path("kalender/<str:token>.ics", calendar_views.personal_feed, name="personal_feed"),
    path("talere/", views.speakers_page, name="speakers"),
    path("arkiv/", views.archive_page, name="archive"),
    path("om/", views.about_page, name="about"),
    path("personer/<slug:slug>/", views.person_page, name="person"),
    path("organisationer/<slug:slug>/", views.organisation_page, name="organisation"),
    path("verdensmaal/<int:number>/", views.sdg_page, name="sdg"),
    path("privatliv/", views.privacy_page, name="privacy"),
    path("tilgaengelighed/", views.accessibility_page, name="accessibility"),
    path("was", views.was_redirect, name="was"),
]
