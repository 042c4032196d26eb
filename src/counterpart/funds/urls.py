from django.urls import path

from counterpart.funds import import_views, notice_views, views

app_name = "funds"

urlpatterns = [
    path("funds/", views.funds_dashboard_view, name="dashboard"),
    path("funds/projects/", views.project_list_view, name="project_list"),
    path("funds/projects/new/", views.project_create_view, name="project_create"),
    path("funds/projects/<int:pk>/", views.project_detail_view, name="project_detail"),
    path("funds/projects/<int:pk>/edit/", views.project_edit_view, name="project_edit"),
    path("funds/projects/<int:pk>/transactions/", views.transaction_add_view, name="transaction_add"),
    # The table import (issue 16 item 4) and the library's export: funds/import_views.py.
    path("funds/projects/import/", import_views.project_import_view, name="import"),
    path("funds/projects/import/<int:pk>/", import_views.project_import_job_view, name="import_job"),
    path(
        "funds/projects/import/<int:pk>/confirm/",
        import_views.project_import_confirm_view,
        name="import_confirm",
    ),
    path(
        "funds/projects/import/<int:pk>/errors/",
        import_views.project_import_errors_view,
        name="import_errors",
    ),
    path("funds/projects/export.xlsx", import_views.project_export_view, name="export"),
    path("funds/projects/iati.xml", import_views.project_iati_view, name="iati"),
    # The public notice of a county and year (issue 16 item 5): funds/notice_views.py.
    path("funds/notice/", notice_views.notice_view, name="notice"),
    path("funds/notice/notice.xlsx", notice_views.notice_xlsx_view, name="notice_xlsx"),
    path("funds/notice/notice.pdf", notice_views.notice_pdf_view, name="notice_pdf"),
]
