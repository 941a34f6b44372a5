"""Administrative units (provinces, communes), agencies, service centers and staff roles.

Since 01/7/2025 local government has two levels: province/city and commune (xã, phường, đặc
khu); there are no districts (Resolution 202/2025/QH15). Units carry the official statistics codes
of the General Statistics Office, imported from `vietnam-provinces` by `import_units`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("province level")
        COMMUNE = "commune", _("commune level")

    code = models.PositiveIntegerField(_("statistics code"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    codename = models.SlugField(_("code name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    # xã, phường, đặc khu, tỉnh, thành phố trung ương: as published by the statistics office.
    division_type = models.CharField(_("division type"), max_length=40)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("province"),
    )

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self):
        return self.name

    @property
    def province(self):
        return self if self.level == self.Level.PROVINCE else self.parent


class Agency(models.Model):
    """An organisation that decides procedures: the People's Committee, a department, a commune."""

    class Kind(models.TextChoices):
        PROVINCE_COMMITTEE = "province_committee", _("provincial People's Committee")
        DEPARTMENT = "department", _("department")
        COMMUNE_COMMITTEE = "commune_committee", _("commune People's Committee")
        SECTOR = "sector", _("vertical sector agency")

    # Identifier code (mã định danh, Decision 20/2020/QĐ-TTg), used as the prefix of dossier codes.
    code = models.CharField(_("identifier code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind of agency"), max_length=30, choices=Kind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, models.PROTECT, related_name="agencies",
        verbose_name=_("administrative unit"),
    )
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent agency"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Empty: the province default (setting MOTCUA_OFFICE_HOURS), e.g. 07:30-11:30,13:30-17:00.
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        from workcalendar.timecalc import CalendarError, parse_periods

        if self.office_hours:
            try:
                parse_periods(self.office_hours)
            except CalendarError as exc:
                raise ValidationError({"office_hours": str(exc)}) from None


class ServiceCenter(models.Model):
    """A Public Administrative Service Center (Trung tâm Phục vụ hành chính công) or one-stop desk."""

    code = models.CharField(_("identifier code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        AdministrativeUnit, models.PROTECT, related_name="service_centers",
        verbose_name=_("administrative unit"),
    )
    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="service_centers", verbose_name=_("managing agency")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("public administrative service center")
        verbose_name_plural = _("public administrative service centers")
        ordering = ["code"]

    def __str__(self):
        return self.name


class StaffRole(models.Model):
    """One role of a staff account, scoped to an agency (and, for the counter, a service center)."""

    class Role(models.TextChoices):
        COUNTER_OFFICER = "counter_officer", _("counter officer")
        SPECIALIST = "specialist", _("specialist")
        LEADER = "leader", _("leader")
        SUPERVISOR = "supervisor", _("supervisor")
        ADMINISTRATOR = "administrator", _("administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_roles",
        verbose_name=_("account"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="staff_roles", verbose_name=_("agency")
    )
    service_center = models.ForeignKey(
        ServiceCenter, models.PROTECT, null=True, blank=True, related_name="staff_roles",
        verbose_name=_("service center"),
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("work phone (SMS reminders)"), max_length=15, blank=True)

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "agency"], name="unique_staff_role"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.agency}"
