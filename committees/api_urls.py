from django.urls import path

from .apis import CommitteeListApi

urlpatterns = [
    path("committees/", CommitteeListApi.as_view(), name="committees"),
]
