from django.urls import path

from . import views, views_programme, views_series, views_sessions

app_name = "backoffice"
urlpatterns = [
    path("", views_series.home, name="home"),
    path("serier/ny/", views_series.series_create, name="series_create"),
    path("serier/<slug:slug>/", views.series_dashboard, name="series"),
    path("serier/<slug:slug>/rediger/", views_series.series_edit, name="series_edit"),
    path("serier/<slug:slug>/udgiv/", views_series.series_publish, name="series_publish"),
    path("serier/<slug:slug>/kopier/", views_series.series_duplicate, name="series_duplicate"),
    path("serier/<slug:slug>/ny-session/", views_sessions.session_create, name="session_create"),
    path("sessioner/<int:pk>/", views.session_dashboard, name="session"),
    path("sessioner/<int:pk>/rediger/", views_sessions.session_edit, name="session_edit"),
    path("sessioner/<int:pk>/kopier/", views_sessions.session_duplicate, name="session_duplicate"),
    path("sessioner/<int:pk>/aflys/", views_sessions.session_cancel, name="session_cancel"),
    path("sessioner/<int:pk>/afholdt/", views_sessions.session_held, name="session_held"),
    path("sessioner/<int:pk>/program/", views_programme.programme, name="programme"),
    path("sessioner/<int:pk>/materialer/", views_programme.materials, name="materials"),
    path("programpunkter/<int:pk>/", views_programme.item_edit, name="item_edit"),
    path("programpunkter/<int:pk>/flyt/", views_programme.item_move, name="item_move"),
    path("programpunkter/<int:pk>/slet/", views_programme.item_delete, name="item_delete"),
    path("programpunkter/<int:pk>/ny-taler/", views_programme.speaker_add, name="speaker_add"),
    path("talere/<int:pk>/fjern/", views_programme.speaker_remove, name="speaker_remove"),
    path("materialer/<int:pk>/slet/", views_programme.material_delete, name="material_delete"),
    path("personer/soeg/", views_programme.person_search, name="person_search"),
    path("sessioner/<int:pk>/tilmeldte/", views.registrants, name="registrants"),
    path("sessioner/<int:pk>/tilmeldte.csv", views.export_csv, name="export_csv"),
    path("sessioner/<int:pk>/tilmeldte.xlsx", views.export_xlsx, name="export_xlsx"),
    path("sessioner/<int:pk>/tilfoej/", views.add_registration, name="add_registration"),
    path("sessioner/<int:pk>/besked/", views.message, name="message"),
    path("sessioner/<int:pk>/fremmoede/", views.attendance, name="attendance"),
    path("sessioner/<int:pk>/fremmoede/forbind/", views.link, name="link"),
    path("sessioner/<int:pk>/opfoelgning/", views.followup, name="followup"),
    path(
        "tilmeldinger/<int:pk>/",
        views.registration_detail,
        name="registration",
    ),
    path("tilmeldinger/<int:pk>/afmeld/", views.cancel_registration, name="cancel"),
    path("tilmeldinger/<int:pk>/ryk-op/", views.promote_registration, name="promote"),
]
