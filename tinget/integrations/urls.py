from django.urls import path

from . import views

app_name = "integrations"
urlpatterns = [
    path("", views.index, name="index"),
    path("webhooks/ny/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook"),
    path("webhooks/<int:pk>/til-fra/", views.webhook_toggle, name="webhook_toggle"),
    path("webhooks/<int:pk>/ny-noegle/", views.webhook_rotate, name="webhook_rotate"),
    path("webhooks/<int:pk>/test/", views.webhook_test, name="webhook_test"),
    path("webhooks/<int:pk>/slet/", views.webhook_delete, name="webhook_delete"),
    path("teams/<int:organisation_pk>/", views.graph_connection, name="graph"),
    path("teams/<int:organisation_pk>/afbryd/", views.graph_disconnect, name="graph_disconnect"),
]
