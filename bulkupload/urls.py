from django.urls import path

from . import views

app_name = "bulkupload"

urlpatterns = [
    path("", views.upload_page, name="upload"),
    path("template.csv", views.template_csv_download, name="template-csv"),
    path("template.xlsx", views.template_xlsx_download, name="template-xlsx"),
    path("<uuid:upload_id>/", views.upload_detail, name="detail"),
    path("<uuid:upload_id>/apply/", views.upload_apply_view, name="apply"),
    path("<uuid:upload_id>/errors.csv", views.upload_errors_csv, name="errors-csv"),
]
