from django.urls import path

from sync import views

app_name = "sync"
urlpatterns = [
    path("dong-bo/", views.failures, name="failures"),
]
