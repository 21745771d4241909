from django.urls import path

from . import views

app_name = "announcements"
urlpatterns = [
    path("", views.paste, name="paste"),
    path("gem/", views.save, name="save"),
]
