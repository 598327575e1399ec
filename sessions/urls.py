from sessions.views import meetings, printing, questioning

app_name = "sessions"

urlpatterns = [*meetings.urlpatterns, *questioning.urlpatterns, *printing.urlpatterns]
