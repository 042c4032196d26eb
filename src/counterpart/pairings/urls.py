from django.urls import path

from counterpart.pairings import views

# The pairing page (`pairings:detail`) reads meetings and agreements: web adds it to this namespace
# (counterpart/urls.py), so the pairings app never imports the apps above it.
app_name = "pairings"

urlpatterns = [
    path("pairings/", views.pairing_list_view, name="list"),
    path("pairings/new/", views.pairing_create_view, name="create"),
]
