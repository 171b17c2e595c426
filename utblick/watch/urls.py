from django.urls import path

from . import funding_views, views

app_name = "watch"

urlpatterns = [
    path("watch/", views.OverviewView.as_view(), name="overview"),
    path("watch/items/", views.ItemListView.as_view(), name="item_list"),
    path("watch/items/<int:pk>/", views.ItemDetailView.as_view(), name="item"),
    path("watch/items/<int:pk>/history/", views.ItemHistoryView.as_view(), name="item_history"),
    path("watch/items/<int:pk>/mark/", views.ItemMarkView.as_view(), name="item_mark"),
    path("watch/items/<int:pk>/share/", views.ItemShareView.as_view(), name="item_share"),
    path("watch/items/<int:pk>/comments/", views.ItemCommentView.as_view(), name="item_comment"),
    path(
        "watch/items/<int:pk>/comments/<int:comment>/edit/",
        views.ItemCommentEditView.as_view(),
        name="item_comment_edit",
    ),
    path(
        "watch/items/<int:pk>/comments/<int:comment>/remove/",
        views.ItemCommentRemoveView.as_view(),
        name="item_comment_remove",
    ),
    path("watch/units/<int:unit>/", views.DeskView.as_view(), name="desk"),
    path("watch/units/<int:unit>/profile/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("watch/sources/", views.SourceListView.as_view(), name="source_list"),
    path("watch/sources/add/", views.SourceCreateView.as_view(), name="source_add"),
    path("watch/sources/<int:pk>/edit/", views.SourceEditView.as_view(), name="source_edit"),
    path("watch/sources/<int:pk>/import/", views.SourceImportView.as_view(), name="source_import"),
    path("watch/sources/<int:pk>/fetch/", views.SourceFetchView.as_view(), name="source_fetch"),
    path("watch/imports/<int:pk>/", views.ImportRunView.as_view(), name="import_run"),
    path("watch/imports/<int:pk>/columns/", views.ImportMappingView.as_view(), name="import_mapping"),
    path("watch/engagements/<int:pk>/funding/", funding_views.FundingView.as_view(), name="funding"),
]
