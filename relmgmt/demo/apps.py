from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "relmgmt.demo"
    label = "demo"
    verbose_name = "Demo data and the embedded run"
