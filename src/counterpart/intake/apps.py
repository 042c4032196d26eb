from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "counterpart.intake"
    label = "intake"
