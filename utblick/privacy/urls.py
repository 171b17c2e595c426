from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.PrivacyIndexView.as_view(), name="index"),
    path("privacy/people/<int:pk>/", views.PersonPrivacyView.as_view(), name="person"),
    path("privacy/people/<int:pk>/extract/", views.PersonExtractView.as_view(), name="person_extract"),
    path("privacy/people/<int:pk>/correct/", views.PersonCorrectView.as_view(), name="person_correct"),
    path("privacy/people/<int:pk>/erase/", views.PersonEraseView.as_view(), name="person_erase"),
    path("privacy/retention/", views.RetentionView.as_view(), name="retention"),
    path("privacy/retention/runs/<int:pk>/archive/", views.RetentionArchiveView.as_view(), name="retention_archive"),
]
