from oversight import views as oversight
from sessions.views import meetings, printing, questioning

app_name = "sessions"

# The oversight pages (standing meetings, hearings, commitments) keep their /sessions/ addresses
# and `sessions:` names.
urlpatterns = [
    *meetings.urlpatterns,
    *questioning.urlpatterns,
    *oversight.urlpatterns,
    *printing.urlpatterns,
]
