"""Staff pages of feedback, under /can-bo/."""

from django.urls import path

from feedback import views

app_name = "office_feedback"
urlpatterns = [
    path("phan-anh-kien-nghi/", views.office_petitions, name="petitions"),
    path("phan-anh-kien-nghi/<str:code>/", views.office_petition, name="petition"),
    path("danh-gia-tai-quay/", views.kiosk, name="kiosk"),
    path("danh-gia-tai-quay/thoat/", views.kiosk_exit, name="kiosk_exit"),
]
