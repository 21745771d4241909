"""The public feedback form linked from the follow-up emails (no login: the token is the key)."""

from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("<str:token>/", views.feedback, name="form"),
]
