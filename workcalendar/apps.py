from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalendarConfig(AppConfig):
    name = "workcalendar"
    verbose_name = _("Working calendar")

    def ready(self):
        from motcua.memo import invalidate_on
        from workcalendar.models import CalendarException

        invalidate_on(CalendarException)
