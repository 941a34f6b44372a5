from django.urls import path

from assistant import views

app_name = "assistant"
urlpatterns = [
    path("tro-ly/", views.chat, name="chat"),
    path("can-bo/tro-ly/", views.unanswered, name="unanswered"),
]
