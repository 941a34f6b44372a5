from django.urls import path

from feedback import views

app_name = "feedback"
urlpatterns = [
    path("danh-gia/<str:token>/", views.rate_by_link, name="rate"),
    path("ho-so-cua-toi/<str:code>/danh-gia/", views.rate_my_dossier, name="rate_my_dossier"),
    path("phan-anh-kien-nghi/", views.petition_list, name="petitions"),
    path("phan-anh-kien-nghi/gui/", views.petition_new, name="petition_new"),
    path("phan-anh-kien-nghi/xac-minh/", views.petition_verify, name="petition_verify"),
    path("phan-anh-kien-nghi/<str:code>/", views.petition_page, name="petition"),
    path("phan-anh-kien-nghi/<str:code>/theo-doi/<str:token>/", views.petition_follow,
         name="petition_follow"),
]
