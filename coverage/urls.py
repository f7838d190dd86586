from django.urls import path

from .apis import CoverageApi, CoverageCellsApi, UnmetNeedApi

urlpatterns = [
    path("coverage/", CoverageApi.as_view(), name="coverage"),
    path("coverage/cells/", CoverageCellsApi.as_view(), name="coverage-cells"),
    path("coverage/unmet-need/", UnmetNeedApi.as_view(), name="coverage-unmet-need"),
]
