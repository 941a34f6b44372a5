from django.apps import AppConfig


class MotcuaConfig(AppConfig):
    name = "motcua"
    verbose_name = "MotCua"

    def ready(self):
        from motcua.observability import init_error_reporting

        init_error_reporting()
