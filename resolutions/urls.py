app_name = "resolutions"

urlpatterns: list = []
