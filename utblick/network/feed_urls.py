from django.urls import path

from . import views

app_name = "network_feed"

urlpatterns = [
    path("feed.json", views.shared_feed, name="shared"),
]
