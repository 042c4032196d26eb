from django.urls import path

from counterpart.assistance import views

app_name = "assistance"

urlpatterns = [
    path("assistance/", views.assistance_overview_view, name="overview"),
    path("assistance/households/<int:pk>/", views.household_assistance_view, name="household"),
]
