from django.contrib import admin
from django.urls import include, path

from questions.views.student import SignedOut

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/logout/", SignedOut.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("questions.urls")),
]
