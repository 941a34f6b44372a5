from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("dang-nhap/", views.login_page, name="login"),
    path("dang-nhap/<slug:provider>/", views.login_begin, name="login_begin"),
    path("dang-nhap/<slug:provider>/xac-thuc/", views.login_callback, name="login_callback"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("nop-ho-so/<str:code>/", views.apply, name="apply"),
    path("ho-so-cua-toi/", views.my_dossiers, name="my_dossiers"),
    path("kho-du-lieu/", views.data_store, name="data_store"),
    path("kho-du-lieu/<int:pk>/", views.stored_file, name="stored_file"),
    path("ho-so-cua-toi/<str:code>/", views.my_dossier, name="my_dossier"),
    path("thanh-toan/<str:reference>/", views.payment_page, name="payment"),
]
