from django.urls import path, re_path

from counterpart.geo import views

app_name = "geo"

urlpatterns = [
    path("regions/", views.region_tree_view, name="tree"),
    path("regions/search/", views.region_search_view, name="search"),
    re_path(r"^regions/(?P<code>\d{6}|\d{9}|\d{12})/$", views.region_tree_view, name="detail"),
]
