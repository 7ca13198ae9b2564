from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "relmgmt.accounts"
    label = "accounts"
    verbose_name = "Accounts"
