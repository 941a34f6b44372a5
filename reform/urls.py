from django.urls import path

from reform import views

app_name = "reform"
urlpatterns = [
    path("cai-cach/", views.home, name="home"),
    path("cai-cach/ket-qua/", views.dashboard, name="dashboard"),
    path("cai-cach/tep/<int:pk>/", views.evidence_file, name="file"),
    path("cai-cach/<int:pk>/", views.assessment_page, name="assessment"),
    path("cai-cach/<int:pk>/<str:agency>/", views.unit_page, name="unit"),
]
