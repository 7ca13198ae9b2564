from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = "Customer accounts"

    def ready(self):
        from customers import extensions

        extensions.register()
