from django.urls import path

from . import views

app_name = "editing"
urlpatterns = [
    path("", views.dashboard, name="manage"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<uuid:service_id>/edit/", views.service_edit, name="service_edit"),
    path("services/<uuid:service_id>/history/", views.service_history, name="service_history"),
    path("services/<uuid:service_id>/revert/<int:version_id>/", views.service_revert, name="service_revert"),
    path("organisations/<uuid:organization_id>/edit/", views.organization_edit, name="organization_edit"),
    path("organisations/<uuid:organization_id>/history/", views.organization_history, name="organization_history"),
    path(
        "organisations/<uuid:organization_id>/revert/<int:version_id>/",
        views.organization_revert,
        name="organization_revert",
    ),
    path("geocode/", views.geocode_preview, name="geocode"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:change_id>/", views.review_detail, name="review_detail"),
    path("changes/<int:change_id>/", views.change_detail, name="change_detail"),
]
