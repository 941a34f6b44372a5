from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("du-lieu-mo/", views.search_page, name="search"),
    path("du-lieu-mo/don-vi/", views.publishers, name="publishers"),
    path("du-lieu-mo/catalog.ttl", views.catalog_turtle, name="dcat-turtle"),
    path("du-lieu-mo/catalog.jsonld", views.catalog_jsonld, name="dcat-jsonld"),
    path("du-lieu-mo/to-chuc/<slug:org>/", views.organization, name="organization"),
    path("du-lieu-mo/<slug:name>/", views.dataset_page, name="dataset"),
    path("du-lieu-mo/<slug:name>/tai-ve/<str:uid>/<slug:key>", views.download,
         name="download"),
    path("can-bo/du-lieu/", views.office_list, name="office"),
    path("can-bo/du-lieu/tong-hop/", views.dashboard, name="dashboard"),
    path("can-bo/du-lieu/<slug:name>/", views.office_dataset, name="office_dataset"),
]
