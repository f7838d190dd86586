from django.urls import path

from .apis import ServiceNearbyApi

urlpatterns = [path("nearby/", ServiceNearbyApi.as_view(), name="nearby")]
