from django.urls import path

from . import views

app_name = "committees"
urlpatterns = [
    path("committees/", views.committee_index, name="list"),
    path("committees/<slug:code>/", views.committee_detail, name="detail"),
    path("committees/<slug:code>/report/", views.committee_report, name="report"),
    path("committees/<slug:code>/report.csv", views.committee_report_csv, name="report_csv"),
    path("committees/<slug:code>/notes/", views.note_save, name="note_save"),
    path("committees/<slug:code>/organisations/attach/", views.organization_attach, name="attach"),
    path("committees/<slug:code>/organisations/detach/", views.organization_detach, name="detach"),
]
