from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "counterpart.funds"
    label = "funds"
