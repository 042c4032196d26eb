from django.apps import AppConfig


class PairingsConfig(AppConfig):
    name = "counterpart.pairings"
    label = "pairings"
