from django.urls import path

from counterpart.agreements import views

app_name = "agreements"

urlpatterns = [
    path("agreements/", views.agreement_list_view, name="list"),
    path("agreements/new/", views.agreement_create_view, name="create"),
    path("agreements/<int:pk>/", views.agreement_detail_view, name="detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit_view, name="edit"),
    path("agreements/<int:pk>/reports/", views.progress_report_add_view, name="report_add"),
    path("agreements/<int:pk>/milestones/", views.milestone_add_view, name="milestone_add"),
    path("milestones/<int:pk>/done/", views.milestone_done_view, name="milestone_done"),
]
