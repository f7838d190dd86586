from django.urls import path

from .apis import ServiceMapApi, ServiceNearbyApi

urlpatterns = [
    path("nearby/", ServiceNearbyApi.as_view(), name="nearby"),
    path("map/", ServiceMapApi.as_view(), name="map"),
]
