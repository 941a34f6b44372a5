from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("chi-so/", views.dashboard, name="dashboard"),
    path("chi-so/chi-tiet/", views.drilldown, name="drilldown"),
]
