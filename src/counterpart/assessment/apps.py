from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "counterpart.assessment"
    label = "assessment"
