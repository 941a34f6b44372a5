from django.urls import path

from payments import views

app_name = "payments_office"
urlpatterns = [path("hoan-tien/", views.refunds, name="refunds")]
