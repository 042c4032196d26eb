from django.urls import path

from counterpart.assistance import views

app_name = "assistance"

urlpatterns = [
    path("assistance/", views.assistance_overview_view, name="overview"),
    path("assistance/households/<int:pk>/", views.household_assistance_view, name="household"),
    path("assistance/households/<int:pk>/placement/", views.placement_create_view, name="placement_create"),
    path("assistance/trainings/new/", views.training_create_view, name="training_create"),
    path("assistance/purchases/new/", views.purchase_create_view, name="purchase_create"),
    path("assistance/dispatches/new/", views.dispatch_create_view, name="dispatch_create"),
    path("assistance/awards/new/", views.award_create_view, name="award_create"),
]
