from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "counterpart.web"
    label = "web"
