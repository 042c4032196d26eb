from django.urls import path

from counterpart.assessment import views

app_name = "assessment"

urlpatterns = [
    path("assessment/", views.run_list_view, name="runs"),
    path("assessment/runs/new/", views.run_create_view, name="run_create"),
    path("assessment/runs/<int:pk>/", views.run_view, name="run"),
    path("assessment/runs/<int:pk>/publish/", views.run_publish_view, name="run_publish"),
    path("assessment/runs/<int:pk>/sample/", views.run_sample_view, name="run_sample"),
    path("assessment/results/<int:pk>/", views.result_view, name="result"),
    path("assessment/results/<int:pk>/annex.xlsx", views.result_annex_view, name="result_annex"),
    path("assessment/results/<int:pk>/statements/", views.result_statements_view, name="result_statements"),
    path("assessment/scores/<int:pk>/", views.score_view, name="score"),
    path("assessment/scores/<int:pk>/adjust/", views.score_adjust_view, name="score_adjust"),
]
