from django.urls import path

from sync import views

app_name = "sync"
urlpatterns = [
    path("dong-bo/", views.failures, name="failures"),
    path("dong-bo/tu-cong-dvcqg/", views.inbound_records, name="inbound"),
]
