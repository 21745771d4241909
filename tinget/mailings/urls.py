"""The demo's inbox (demo only: 404 unless settings.TINGET_DEMO_INBOX)."""

from django.urls import path

from . import views

app_name = "mailings"

urlpatterns = [
    path("", views.inbox_list, name="inbox"),
    path("<str:message_id>/", views.inbox_message, name="inbox_message"),
    path("<str:message_id>/html/", views.inbox_message_html, name="inbox_message_html"),
    path("<str:message_id>/del/<int:number>/", views.inbox_part, name="inbox_part"),
]
