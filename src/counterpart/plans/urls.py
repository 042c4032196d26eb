from django.urls import path

from counterpart.plans import views

app_name = "plans"

urlpatterns = [
    path("plans/", views.list_index_view, name="index"),
    path("plans/my-items/", views.my_items_view, name="my_items"),
    path("plans/review/", views.review_queue_view, name="review"),
    path("plans/import/", views.import_view, name="import"),
    path("plans/dashboard/", views.dashboard_view, name="dashboard"),
    path("plans/lists/<int:pk>/", views.list_detail_view, name="list"),
    path("plans/lists/<int:pk>/dashboard/", views.dashboard_view, name="list_dashboard"),
    path("plans/lists/<int:pk>/dispatch/", views.dispatch_view, name="dispatch"),
    path("plans/lists/<int:pk>/export/", views.export_ledger_view, name="export"),
    path("plans/lists/<int:pk>/spot-checks/", views.spot_check_draw_view, name="spot_check_draw"),
    path("plans/spot-checks/<int:pk>/", views.spot_check_view, name="spot_check"),
    path("plans/spot-check-results/<int:pk>/", views.spot_check_record_view, name="spot_check_record"),
    path("plans/items/<int:pk>/", views.item_detail_view, name="item"),
    path("plans/items/<int:pk>/report/", views.entry_submit_view, name="report"),
    path("plans/entries/<int:pk>/review/", views.entry_review_view, name="entry_review"),
    path("plans/evidence/<int:pk>/", views.evidence_view, name="evidence"),
    path("plans/lists/<int:pk>/export/background/", views.export_job_view, name="export_job"),
    path("plans/jobs/<int:pk>/", views.job_view, name="job"),
    path("plans/jobs/<int:pk>/confirm/", views.job_confirm_view, name="job_confirm"),
    path("plans/jobs/<int:pk>/download/", views.job_download_view, name="job_download"),
    path("plans/jobs/<int:pk>/errors/", views.job_errors_view, name="job_errors"),
    path("plans/lists/<int:pk>/accountability/", views.accountability_view, name="accountability"),
    path("plans/lists/<int:pk>/findings/", views.findings_view, name="findings"),
    path("plans/findings/", views.overdue_findings_view, name="overdue_findings"),
    path("plans/findings/<int:pk>/", views.finding_detail_view, name="finding"),
    path("plans/spot-check-results/<int:pk>/expose/", views.spot_check_expose_view, name="spot_check_expose"),
    path("plans/agreements/<int:pk>/ledger/", views.agreement_ledger_view, name="agreement_ledger"),
    path(
        "plans/agreement-reports/<int:pk>/review/",
        views.agreement_report_review_view,
        name="agreement_report_review",
    ),
]
