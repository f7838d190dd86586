from django.urls import path

from . import views

app_name = "coverage"
urlpatterns = [
    path("coverage/", views.dashboard, name="dashboard"),
    path("coverage/coverage.csv", views.table_csv, name="csv"),
]
