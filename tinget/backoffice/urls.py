from django.urls import path

from . import views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("serier/<slug:slug>/", views.series_dashboard, name="series"),
    path("sessioner/<int:pk>/", views.session_dashboard, name="session"),
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
