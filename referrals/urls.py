from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("referral/", views.referral_sheet, name="sheet"),
    path("referral/languages/", views.language_list, name="languages"),
    path("r/", views.client_page, name="client"),
]
