from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "counterpart.meetings"
    label = "meetings"
