from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "counterpart.geo"
    label = "geo"
