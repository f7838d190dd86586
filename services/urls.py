from django.urls import path

from referrals.views import service_referral

from . import views

app_name = "services"
urlpatterns = [
    path("", views.home, name="home"),
    path("services/<uuid:service_id>/", views.service_detail, name="detail"),
    path("services/<uuid:service_id>/referral/", service_referral, name="referral"),
]
