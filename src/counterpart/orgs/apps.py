from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "counterpart.orgs"
    label = "orgs"
