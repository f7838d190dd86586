from django.urls import path

from .apis import AreaListApi
from .geocode_api import GeocodeApi

urlpatterns = [
    path("areas/", AreaListApi.as_view(), name="areas"),
    path("geocode/", GeocodeApi.as_view(), name="geocode"),
]
