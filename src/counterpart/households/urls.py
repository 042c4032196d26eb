from django.urls import path

from counterpart.households import views

app_name = "households"

urlpatterns = [
    path("households/", views.household_list_view, name="list"),
    path("households/<int:pk>/", views.household_detail_view, name="detail"),
    path("households/<int:pk>/status/", views.household_status_view, name="status"),
    path("households/members/<int:pk>/unmask/", views.member_unmask_view, name="unmask"),
    path("households/unmask-log/", views.unmask_log_view, name="unmask_log"),
    path("households/unmask-log.xlsx", views.unmask_log_export_view, name="unmask_log_export"),
    path("households/summary/", views.summary_view, name="summary"),
    path("households/flags/", views.flag_list_view, name="flags"),
    path("households/flags/<int:pk>/review/", views.flag_review_view, name="flag_review"),
    path("households/import/", views.import_view, name="import"),
    path("households/import/<int:pk>/", views.import_job_view, name="import_job"),
    path("households/import/<int:pk>/errors.csv", views.import_errors_view, name="import_errors"),
]
