from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "counterpart.households"
    label = "households"
