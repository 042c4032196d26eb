from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "counterpart.assistance"
    label = "assistance"
