from django.urls import path

from counterpart.funds import views

app_name = "funds"

urlpatterns = [
    path("funds/", views.funds_dashboard_view, name="dashboard"),
    path("funds/projects/", views.project_list_view, name="project_list"),
    path("funds/projects/new/", views.project_create_view, name="project_create"),
    path("funds/projects/<int:pk>/", views.project_detail_view, name="project_detail"),
    path("funds/projects/<int:pk>/edit/", views.project_edit_view, name="project_edit"),
    path("funds/projects/<int:pk>/transactions/", views.transaction_add_view, name="transaction_add"),
]
