from django.urls import path

from . import views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("serier/ny/", views.series_create, name="series_create"),
    path("serier/<slug:slug>/", views.series_dashboard, name="series"),
    path("serier/<slug:slug>/rediger/", views.series_edit, name="series_edit"),
    path("serier/<slug:slug>/udgiv/", views.series_publish, name="series_publish"),
    path("serier/<slug:slug>/kopier/", views.series_duplicate, name="series_duplicate"),
    path("serier/<slug:slug>/ny-session/", views.session_create, name="session_create"),
    path("sessioner/<int:pk>/", views.session_dashboard, name="session"),
    path("sessioner/<int:pk>/rediger/", views.session_edit, name="session_edit"),
    path("sessioner/<int:pk>/kopier/", views.session_duplicate, name="session_duplicate"),
    path("sessioner/<int:pk>/aflys/", views.session_cancel, name="session_cancel"),
    path("sessioner/<int:pk>/afholdt/", views.session_held, name="session_held"),
    path("sessioner/<int:pk>/program/", views.programme, name="programme"),
    path("sessioner/<int:pk>/materialer/", views.materials, name="materials"),
    path("programpunkter/<int:pk>/", views.item_edit, name="item_edit"),
    path("programpunkter/<int:pk>/flyt/", views.item_move, name="item_move"),
    path("programpunkter/<int:pk>/slet/", views.item_delete, name="item_delete"),
    path("programpunkter/<int:pk>/ny-taler/", views.speaker_add, name="speaker_add"),
    path("talere/<int:pk>/fjern/", views.speaker_remove, name="speaker_remove"),
    path("materialer/<int:pk>/slet/", views.material_delete, name="material_delete"),
    path("personer/soeg/", views.person_search, name="person_search"),
    path("personer/<int:pk>/", views.person_edit, name="person_edit"),
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
