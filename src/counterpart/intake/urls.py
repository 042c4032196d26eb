from django.urls import path

from counterpart.intake import views

app_name = "intake"

urlpatterns = [
    path("intake/", views.intake_start_view, name="start"),
    path("intake/save/", views.intake_save_view, name="save"),
]
