from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("<uuid:organization_id>/", views.organization_detail, name="detail"),
]
