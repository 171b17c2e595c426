from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.OrganisationDetailView.as_view(), name="organisation"),
    path("edit/", views.OrganisationEditView.as_view(), name="organisation_edit"),
    path("history/", views.OrganisationHistoryView.as_view(), name="organisation_history"),
    path("units/", views.UnitListView.as_view(), name="unit_list"),
    path("units/add/", views.UnitCreateView.as_view(), name="unit_add"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="unit_edit"),
    path("units/<int:pk>/history/", views.UnitHistoryView.as_view(), name="unit_history"),
    path("units/<int:pk>/roles/add/", views.UnitRoleCreateView.as_view(), name="unitrole_add"),
    path("roles/<int:pk>/edit/", views.UnitRoleEditView.as_view(), name="unitrole_edit"),
    path("roles/<int:pk>/delete/", views.UnitRoleDeleteView.as_view(), name="unitrole_delete"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/add/", views.PersonCreateView.as_view(), name="person_add"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/history/", views.PersonHistoryView.as_view(), name="person_history"),
]
