from django.urls import path

from . import screens

app_name = "api_screens"
urlpatterns = [
    path("noegler/", screens.tokens, name="tokens"),
    path("noegler/<int:pk>/tilbagekald/", screens.revoke, name="revoke"),
    path("serier/<slug:slug>/widget/", screens.widget, name="widget"),
]
