from django.urls import path

from counterpart.pairings import views

app_name = "pairings"

urlpatterns = [
    path("pairings/", views.pairing_list_view, name="list"),
    path("pairings/<int:pk>/", views.pairing_detail_view, name="detail"),
]
