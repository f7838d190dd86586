"""/activities/ (+ /activities.ics), /calls/ and /toolkit/: one include in the root URLs, three namespaces."""

from django.urls import include, path

from . import views

activity_patterns = [
    path("", views.activity_list, name="list"),
    path("calendar/", views.activity_calendar, name="calendar"),
    path("map/", views.activity_map, name="map"),
    path("new/", views.activity_create, name="create"),
    path("review/", views.activity_review_queue, name="review_queue"),
    path("<int:activity_id>/", views.activity_detail, name="detail"),
    path("<int:activity_id>/edit/", views.activity_edit, name="edit"),
    path("<int:activity_id>/delete/", views.activity_delete, name="delete"),
    path("<int:activity_id>/review/", views.activity_review, name="review"),
]
call_patterns = [
    path("", views.call_list, name="list"),
    path("new/", views.call_create, name="create"),
    path("<int:call_id>/edit/", views.call_edit, name="edit"),
    path("<int:call_id>/close/", views.call_close, name="close"),
]
toolkit_patterns = [
    path("", views.toolkit_list, name="list"),
    path("new/", views.toolkit_create, name="create"),
    path("<int:entry_id>/edit/", views.toolkit_edit, name="edit"),
    path("<int:entry_id>/delete/", views.toolkit_delete, name="delete"),
    path("<int:entry_id>/file/", views.toolkit_file, name="file"),
]

urlpatterns = [
    path("activities/", include((activity_patterns, "activities"))),
    path("activities.ics", views.activity_feed, name="activities_ics"),
    path("calls/", include((call_patterns, "calls"))),
    path("toolkit/", include((toolkit_patterns, "toolkit"))),
]
