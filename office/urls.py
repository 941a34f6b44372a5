from django.contrib.auth import views as auth_views
from django.urls import path

from office import security_views, views

app_name = "office"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("hop-thu/<slug:box>/", views.inbox, name="box"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("tiep-nhan/tim-thu-tuc/", views.intake_procedures, name="intake_procedures"),
    path("tiep-nhan/thu-tuc/", views.intake_procedure, name="intake_procedure"),
    path("ho-so/<str:code>/", views.dossier_page, name="dossier"),
    path("tim-kiem/", views.search_dossiers, name="search"),
    path("so-theo-doi/", views.register_page, name="register"),
    path("chuyen-xu-ly/", views.transfer_many, name="transfer_many"),
    path("dang-nhap/", auth_views.LoginView.as_view(template_name="office/login.html"),
         name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="office:login"), name="logout"),
    path("bao-mat/", security_views.security, name="security"),
    path("xac-thuc-hai-buoc/", security_views.second_factor, name="second_factor"),
]
