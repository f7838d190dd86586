from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("services/<uuid:service_id>/", views.report, name="report"),
    path("<int:report_id>/resolve/", views.resolve, name="resolve"),
]
