from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("network/", views.SearchView.as_view(), name="search"),
    path("network/calls/items/<int:pk>/", views.PartnerCallCreateView.as_view(), name="item_call_add"),
    path("network/calls/engagements/<int:pk>/", views.EngagementCallCreateView.as_view(), name="engagement_call_add"),
    path("network/calls/<int:pk>/withdraw/", views.PartnerCallWithdrawView.as_view(), name="call_withdraw"),
]
