from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("integritet/", views.privacy, name="privacy"),
]
