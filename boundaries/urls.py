from django.urls import path

from .apis import AreaListApi

urlpatterns = [path("areas/", AreaListApi.as_view(), name="areas")]
