from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "counterpart.plans"
    label = "plans"
