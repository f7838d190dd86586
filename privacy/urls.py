from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.privacy_notice, name="notice"),
    path("accounts/my-data/", views.my_data, name="my_data"),
    path("accounts/delete/", views.erase_me, name="erase_me"),
    path("accounts/people/<int:user_id>/erase/", views.person_erase, name="person_erase"),
]
