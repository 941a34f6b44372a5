from django.urls import path

from directives import views

app_name = "directives"
urlpatterns = [
    path("nhiem-vu/", views.task_list, name="tasks"),
    path("nhiem-vu/tong-hop/", views.summary, name="summary"),
    path("nhiem-vu/van-ban/", views.directive_list, name="directives"),
    path("nhiem-vu/van-ban/<int:pk>/", views.directive_page, name="directive"),
    path("nhiem-vu/van-ban/<int:pk>/tep/", views.directive_file, name="directive_file"),
    path("nhiem-vu/tep/<int:pk>/", views.task_file, name="task_file"),
    path("nhiem-vu/<str:code>/", views.task_page, name="task"),
    path("kpi/", views.kpi_page, name="kpi"),
]
