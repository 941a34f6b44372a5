from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView

from assistant import api as assistant_api
from catalog import api as catalog_api
from directives import api as directives_api
from dossiers import api as dossiers_api
from dossiers import views as dossier_views
from feedback import api as feedback_api
from indicators import api as indicators_api
from motcua import observability, views
from motcua.auth_api import TokenView
from opendata import api as opendata_api
from opendata import ckan as opendata_ckan
from payments import api as payments_api
from reform import api as reform_api
from reform import views as reform_views
from results import views as results_views
from surveys import api as surveys_api
from sync import api as sync_api
from units import api as units_api
from workcalendar import api as calendar_api
from workcalendar import views as calendar_views

api_v1 = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("auth/token", TokenView.as_view(), name="token"),
    path("calendar/due", calendar_api.DueView.as_view(), name="calendar-due"),
    path("calendar/exceptions", calendar_api.ExceptionList.as_view(), name="calendar-exceptions"),
    re_path(r"^calendar/exceptions/(?P<date>\d{4}-\d{2}-\d{2})$",
            calendar_api.ExceptionDetail.as_view(), name="calendar-exception"),
    path("units", units_api.UnitList.as_view(), name="units"),
    path("agencies", units_api.AgencyList.as_view(), name="agencies"),
    path("service-centers", units_api.ServiceCenterList.as_view(), name="service-centers"),
    path("fields", catalog_api.FieldList.as_view(), name="fields"),
    path("procedures", catalog_api.ProcedureList.as_view(), name="procedures"),
    path("procedures/<str:code>", catalog_api.ProcedureDetail.as_view(), name="procedure"),
    path("dossiers", dossiers_api.DossierList.as_view(), name="dossiers"),
    path("dossiers/<str:code>", dossiers_api.DossierDetail.as_view(), name="dossier"),
    path("dossiers/<str:code>/events", dossiers_api.DossierEvents.as_view(), name="dossier-events"),
    path("dossiers/<str:code>/actions/<slug:action>", dossiers_api.DossierAction.as_view(),
         name="dossier-action"),
    path("dossiers/<str:code>/slips/<slug:kind>.pdf", dossiers_api.DossierSlip.as_view(),
         name="dossier-slip"),
    path("dossiers/<str:code>/documents/<int:pk>", dossiers_api.DossierDocumentFile.as_view(),
         name="dossier-document"),
    path("dossiers/<str:code>/payments", payments_api.DossierPayments.as_view(),
         name="dossier-payments"),
    path("dossiers/<str:code>/payments/<str:reference>/receipt.pdf",
         payments_api.PaymentReceipt.as_view(), name="payment-receipt"),
    path("dvcqg/events", sync_api.NationalEvents.as_view(), name="national-events"),
    path("payments/<slug:provider>/callback", payments_api.PaymentCallback.as_view(),
         name="payment-callback"),
    path("dossiers/<str:code>/rating", feedback_api.DossierRating.as_view(),
         name="dossier-rating"),
    path("ratings", feedback_api.LinkRating.as_view(), name="ratings"),
    path("kiosk/ratings", feedback_api.KioskRating.as_view(), name="kiosk-ratings"),
    path("pakn", feedback_api.PetitionList.as_view(), name="petitions"),
    path("pakn/published", feedback_api.PublishedPetitions.as_view(), name="petitions-published"),
    path("pakn/<str:code>", feedback_api.PetitionDetail.as_view(), name="petition"),
    path("pakn/<str:code>/actions/<slug:action>", feedback_api.PetitionAction.as_view(),
         name="petition-action"),
    path("indicators/766", indicators_api.Index766.as_view(), name="index-766"),
    path("indicators/766/rankings", indicators_api.Rankings766.as_view(), name="rankings-766"),
    path("indicators/766/drilldown", indicators_api.Drilldown766.as_view(),
         name="drilldown-766"),
    path("indicators/766/export", indicators_api.Export766.as_view(), name="export-766"),
    path("verify/<str:code>", results_views.VerifyView.as_view(), name="verify"),
    path("notices", dossiers_api.NoticeList.as_view(), name="notices"),
    path("directives", directives_api.Directives.as_view(), name="directives"),
    path("directives/<int:pk>", directives_api.DirectiveDetail.as_view(), name="directive"),
    path("tasks", directives_api.Tasks.as_view(), name="tasks"),
    path("tasks/summary", directives_api.TaskSummary.as_view(), name="tasks-summary"),
    path("tasks/<str:code>", directives_api.TaskDetail.as_view(), name="task"),
    path("tasks/<str:code>/events", directives_api.TaskEvents.as_view(), name="task-events"),
    path("tasks/<str:code>/actions/<slug:action>", directives_api.TaskAction.as_view(),
         name="task-action"),
    path("kpi", directives_api.KPIList.as_view(), name="kpi"),
    path("reform/frameworks", reform_api.Frameworks.as_view(), name="reform-frameworks"),
    path("reform/frameworks/<int:pk>", reform_api.FrameworkDetail.as_view(),
         name="reform-framework"),
    path("reform/assessments", reform_api.Assessments.as_view(), name="reform-assessments"),
    path("reform/assessments/<int:pk>", reform_api.AssessmentDetail.as_view(),
         name="reform-assessment"),
    path("reform/assessments/<int:pk>/units", reform_api.Units.as_view(), name="reform-units"),
    path("reform/assessments/<int:pk>/units/<str:agency>", reform_api.UnitDetail.as_view(),
         name="reform-unit"),
    path("reform/assessments/<int:pk>/units/<str:agency>/actions/<slug:action>",
         reform_api.UnitAction.as_view(), name="reform-unit-action"),
    path("reform/assessments/<int:pk>/units/<str:agency>/appraisers",
         reform_api.Appraisers.as_view(), name="reform-appraisers"),
    path("reform/assessments/<int:pk>/units/<str:agency>/survey", reform_api.Survey.as_view(),
         name="reform-survey"),
    path("reform/assessments/<int:pk>/events", reform_api.Events.as_view(),
         name="reform-events"),
    path("reform/assessments/<int:pk>/publish", reform_api.Publish.as_view(),
         name="reform-publish"),
    path("reform/assessments/<int:pk>/survey-from/<int:survey>",
         reform_api.SurveyFrom.as_view(), name="reform-survey-from"),
    path("reform/results", reform_api.Results.as_view(), name="reform-results"),
    path("surveys", surveys_api.Rounds.as_view(), name="surveys"),
    path("surveys/<int:pk>", surveys_api.RoundDetail.as_view(), name="survey"),
    path("surveys/<int:pk>/scores", surveys_api.Scores.as_view(), name="survey-scores"),
    path("surveys/<int:pk>/<slug:step>", surveys_api.RoundStep.as_view(), name="survey-step"),
    path("survey-answers/<str:token>", surveys_api.SurveyByLink.as_view(),
         name="survey-answer"),
    path("satisfaction", surveys_api.Satisfaction.as_view(), name="satisfaction"),
    path("tracking/<str:code>", dossiers_api.TrackingView.as_view(), name="tracking"),
    path("assistant/ask", assistant_api.Ask.as_view(), name="assistant-ask"),
    path("assistant/zalo", assistant_api.ZaloWebhook.as_view(), name="assistant-zalo"),
    path("opendata/datasets", opendata_api.Datasets.as_view(), name="opendata-datasets"),
    path("opendata/datasets/<slug:name>", opendata_api.DatasetDetail.as_view(),
         name="opendata-dataset"),
    path("opendata/datasets/<slug:name>/rows", opendata_api.DatasetRows.as_view(),
         name="opendata-rows"),
    re_path(r"^.*$", views.api_not_found),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", observability.metrics, name="metrics"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    # The CKAN Action API's read part, at CKAN's two addresses (ckanapi uses the first).
    path("api/action/<slug:name>", opendata_ckan.action, name="ckan-action"),
    path("api/3/action/<slug:name>", opendata_ckan.action, name="ckan-action-3"),
    path("thu-tuc/", include("catalog.urls")),
    path("chi-so-cai-cach/", reform_views.public_results, name="reform-results"),
    path("can-bo/lich-lam-viec/", calendar_views.calendar_page, name="calendar"),
    path("can-bo/", include("feedback.office_urls")),
    path("can-bo/", include("directives.urls")),
    path("can-bo/", include("reform.urls")),
    path("can-bo/", include("sync.urls")),
    path("can-bo/", include("payments.office_urls")),
    path("can-bo/", include("indicators.urls")),
    path("can-bo/", include("office.urls")),
    path("tra-cuu/", dossier_views.tracking_page, name="tracking"),
    path("xac-thuc/<str:code>", results_views.verify_page, name="verify"),
    path("ket-qua/tai-ve/<str:token>", results_views.download, name="result-download"),
    path("ho-so/<str:code>/tai-lieu/<int:pk>/", dossier_views.document, name="dossier-document"),
    path("", include("feedback.urls")),
    path("", include("surveys.urls")),
    path("", include("opendata.urls")),
    path("", include("assistant.urls")),
    path("", include("portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Form templates uploaded to the catalog are public documents.
    re_path(r"^media/(?P<path>catalog/templates/.*)$", serve,
            {"document_root": settings.MEDIA_ROOT}),
]

handler400 = "motcua.views.bad_request"
handler403 = "motcua.views.permission_denied"
handler404 = "motcua.views.page_not_found"
handler500 = "motcua.views.server_error"
