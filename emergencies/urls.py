from django.urls import path

from . import views

app_name = "emergencies"
urlpatterns = [
    path("", views.emergency_list, name="list"),
    path("new/", views.emergency_create, name="create"),
    path("review/", views.review_queue, name="review"),
    path("<int:emergency_id>/", views.emergency_detail, name="detail"),
    path("<int:emergency_id>.geojson", views.emergency_geojson, name="geojson"),
    path("<int:emergency_id>/edit/", views.emergency_edit, name="edit"),
    path("<int:emergency_id>/end/", views.emergency_end, name="end"),
    path("<int:emergency_id>/offer/", views.offer_create, name="offer_create"),
    path("offers/<int:offer_id>/end/", views.offer_end, name="offer_end"),
    path("offers/<int:offer_id>/review/", views.offer_review, name="offer_review"),
]
