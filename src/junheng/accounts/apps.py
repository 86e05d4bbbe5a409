from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "junheng.accounts"
    verbose_name = "用户"
