"""The project's URLs plus a view that fails, to see the 500 page."""

from django.urls import path

from hdnd.urls import urlpatterns as project_urlpatterns


def boom_view(request):
    raise RuntimeError("boom")


urlpatterns = [*project_urlpatterns, path("boom/", boom_view)]

handler500 = "core.views.server_error_view"
