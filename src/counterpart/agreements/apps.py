from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "counterpart.agreements"
    label = "agreements"
