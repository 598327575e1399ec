from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core.export_api import ExportViewSet
from core.tokens import TokenView
from councils import api as councils_api
from councils.views import home_view
from followups import api as followups_api
from oversight import activity_api
from oversight import api as oversight_api
from resolutions import api as resolutions_api
from sessions import api as sessions_api
from voters import api as voters_api

router = DefaultRouter()
router.register("councils", councils_api.CouncilViewSet, basename="council")
router.register("terms", councils_api.TermViewSet, basename="term")
router.register("delegates", councils_api.DelegateViewSet, basename="delegate")
router.register("agencies", councils_api.AgencyViewSet, basename="agency")
router.register("sessions", sessions_api.SessionViewSet, basename="session")
router.register("sittings", sessions_api.SittingViewSet, basename="sitting")
router.register("attendance", sessions_api.AttendanceViewSet, basename="attendance")
router.register("agenda-items", sessions_api.AgendaItemViewSet, basename="agenda-item")
router.register("documents", sessions_api.DocumentViewSet, basename="document")
router.register("votes", sessions_api.VoteViewSet, basename="vote")
router.register("questions", sessions_api.QuestionViewSet, basename="question")
router.register("commitments", oversight_api.CommitmentViewSet, basename="commitment")
router.register(
    "oversight-programmes", activity_api.ProgrammeViewSet, basename="oversight-programme"
)
router.register("oversight-activities", activity_api.ActivityViewSet, basename="oversight-activity")
router.register(
    "oversight-documents", activity_api.ActivityDocumentViewSet, basename="oversight-document"
)
router.register(
    "oversight-recommendations",
    activity_api.RecommendationViewSet,
    basename="oversight-recommendation",
)
router.register("confidence-polls", sessions_api.ConfidencePollViewSet, basename="confidence-poll")
router.register("resolutions", resolutions_api.ResolutionViewSet, basename="resolution")
router.register("resolution-tasks", resolutions_api.TaskViewSet, basename="resolution-task")
router.register("obligations", followups_api.ObligationViewSet, basename="obligation")
router.register("voter-meetings", voters_api.MeetingViewSet, basename="voter-meeting")
router.register("petition-items", voters_api.PetitionItemViewSet, basename="petition-item")
router.register("receptions", voters_api.ReceptionViewSet, basename="reception")
router.register("letters", voters_api.LetterViewSet, basename="letter")
router.register("voter-reports", voters_api.VoterReportViewSet, basename="voter-report")
router.register("exports", ExportViewSet, basename="export")

urlpatterns = [
    path("", home_view, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("core.urls")),
    path("councils/", include("councils.urls")),
    path("sessions/", include("sessions.urls")),
    path("resolutions/", include("resolutions.urls")),
    path("followups/", include("followups.urls")),
    path("oversight/", include("oversight.urls")),
    path("voters/", include("voters.urls")),
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/token/", TokenView.as_view(), name="api_token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The Swagger UI's script is served as a file (split view); only its inline styles need leave.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema")
        ),
        name="api_docs",
    ),
]

handler500 = "core.views.server_error_view"
