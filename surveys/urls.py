from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("khao-sat/quet/", views.by_code, name="by_code"),
    path("khao-sat/<str:token>/", views.answer, name="answer"),
    path("hai-long/", views.public_results, name="public"),
    path("can-bo/khao-sat/", views.rounds, name="rounds"),
    path("can-bo/khao-sat/quay/", views.kiosk, name="kiosk"),
    path("can-bo/khao-sat/<int:pk>/", views.round_page, name="round"),
]
