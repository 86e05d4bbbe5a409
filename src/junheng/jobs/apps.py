from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "junheng.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        # every app's `background.py` registers its kinds of job (junheng.jobs.kinds), so that
        # the worker, which imports only the task, knows them all
        autodiscover_modules("background")
        # the import flow (junheng.web.imports) is no app of its own: its kinds are here
        from junheng.web import import_jobs  # noqa: F401
