from django.urls import path

from . import views

app_name = "freshness"
urlpatterns = [
    path("", views.unconfirmed_list, name="list"),
    path("services/<uuid:service_id>/confirm/", views.service_confirm, name="confirm"),
    path("organisations/<uuid:organization_id>/confirm/", views.organization_confirm, name="confirm_organization"),
]
