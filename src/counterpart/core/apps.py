from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "counterpart.core"
    label = "core"
