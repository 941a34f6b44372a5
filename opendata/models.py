"""The city's datasets: those MotCua publishes from its own data (opendata.sources) and those
departments upload, each with DCAT-AP metadata, versions, their rows (for the preview, the
filtered API and the CKAN DataStore reading) and, for shared datasets, who read them.

Access: OPEN datasets are public under an open licence once published; SHARED ones are the
warehouse, read by state agencies' staff only, every read recorded (Access).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import AdministrativeUnit, Agency

# The EU Publications Office's data-theme vocabulary, which DCAT-AP prescribes for dcat:theme
# (http://publications.europa.eu/resource/authority/data-theme).
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
# The same office's frequency vocabulary for dct:accrualPeriodicity.
FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"


class Theme(models.TextChoices):
    GOVE = "GOVE", _("Government and public sector")
    ECON = "ECON", _("Economy and finance")
    SOCI = "SOCI", _("Population and society")
    EDUC = "EDUC", _("Education, culture and sport")
    HEAL = "HEAL", _("Health")
    ENVI = "ENVI", _("Environment")
    AGRI = "AGRI", _("Agriculture, fisheries, forestry and food")
    TRAN = "TRAN", _("Transport")
    REGI = "REGI", _("Regions and cities")
    JUST = "JUST", _("Justice, legal system and public safety")
    ENER = "ENER", _("Energy")
    TECH = "TECH", _("Science and technology")
    INTR = "INTR", _("International issues")


class Frequency(models.TextChoices):
    DAILY = "DAILY", _("daily")
    WEEKLY = "WEEKLY", _("weekly")
    MONTHLY = "MONTHLY", _("monthly")
    QUARTERLY = "QUARTERLY", _("quarterly")
    ANNUAL = "ANNUAL", _("yearly")
    IRREG = "IRREG", _("irregular")


# Open licences a dataset may carry: key -> (title, URI). Shared datasets carry none.
LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0",
                  "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("Creative Commons CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-BY-1.0": ("Open Data Commons Attribution 1.0",
                   "https://opendatacommons.org/licenses/by/1-0/"),
}


class Dataset(models.Model):
    class Access(models.TextChoices):
        OPEN = "open", _("open data")
        SHARED = "shared", _("shared with state agencies")

    class Status(models.TextChoices):
        DRAFT = "draft", _("not yet submitted")
        SUBMITTED = "submitted", _("awaiting the leader's approval")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # The dataset's name in URLs and in the CKAN API ("name" there): lower case, digits, '-'.
    name = models.SlugField(_("name in addresses"), max_length=100, unique=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    publisher = models.ForeignKey(Agency, models.PROTECT, related_name="datasets",
                                  verbose_name=_("publisher"))
    theme = models.CharField(_("theme"), max_length=4, choices=Theme.choices)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    licence = models.CharField(_("licence"), max_length=20, blank=True,
                               choices=[(k, v[0]) for k, v in LICENCES.items()])
    access = models.CharField(_("access"), max_length=6, choices=Access.choices,
                              default=Access.OPEN)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    temporal_start = models.DateField(_("covers from"), null=True, blank=True)
    temporal_end = models.DateField(_("covers until"), null=True, blank=True)
    spatial = models.ForeignKey(AdministrativeUnit, models.PROTECT, related_name="+",
                                verbose_name=_("area covered"))
    frequency = models.CharField(_("update frequency"), max_length=10,
                                 choices=Frequency.choices)
    contact_name = models.CharField(_("contact"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    # A Frictionless Table Schema ({"fields": [...], "primaryKey": ...}) every version of a
    # table must satisfy; empty for a GeoJSON dataset without declared properties.
    table_schema = models.JSONField(_("table schema"), default=dict, blank=True)
    # Set for the datasets MotCua builds itself: the key of opendata.sources.SOURCES.
    source = models.CharField(_("built from"), max_length=30, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)
    issued_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                    blank=True, related_name="+", verbose_name=_("approved by"))
    # The fold()ed title, description and keywords, for search without diacritics.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "access"], name="datasets_listed")]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.access == self.Access.OPEN

    @property
    def licence_uri(self):
        return LICENCES[self.licence][1] if self.licence in LICENCES else ""

    @property
    def licence_title(self):
        return LICENCES[self.licence][0] if self.licence in LICENCES else ""

    def current(self):
        return self.versions.order_by("-number").first()


class Version(models.Model):
    """One version of a dataset's data: an upload, or what a refresh built."""

    class Format(models.TextChoices):
        CSV = "CSV", "CSV"
        XLSX = "XLSX", "XLSX"
        JSON = "JSON", "JSON"
        GEOJSON = "GeoJSON", "GeoJSON"

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="versions",
                                verbose_name=_("dataset"))
    number = models.PositiveIntegerField(_("version"))
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    # The file as uploaded; empty for a built version (its CSV and JSON are made from rows).
    file = models.FileField(_("file"), upload_to="opendata/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    rows_count = models.PositiveIntegerField(_("rows"), default=0)
    # The table's fields as stored ([{name, type, title}]), from the schema at the time.
    fields = models.JSONField(_("fields"), default=list)
    checksum = models.CharField(_("SHA-256 of the content"), max_length=64)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Built versions keep their rows for the latest few only (MOTCUA_OPENDATA_KEEP_VERSIONS).
    rows_kept = models.BooleanField(_("rows kept"), default=True)

    class Meta:
        verbose_name = _("dataset version")
        verbose_name_plural = _("dataset versions")
        ordering = ["dataset", "-number"]
        constraints = [models.UniqueConstraint(fields=["dataset", "number"],
                                               name="one_version_number_per_dataset")]

    def __str__(self):
        return f"{self.dataset.name} v{self.number}"


class Row(models.Model):
    version = models.ForeignKey(Version, models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    # A GeoJSON feature's geometry (the properties are `data`).
    geometry = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"],
                                               name="one_row_number_per_version")]


class Access(models.Model):
    """One read of a shared dataset by a state agency's staff member: the warehouse's rule is
    that every reader is known."""

    class What(models.TextChoices):
        PAGE = "page", _("dataset page")
        DOWNLOAD = "download", _("download")
        API = "api", _("API")

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="accesses",
                                verbose_name=_("dataset"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                             related_name="+", verbose_name=_("read by"))
    agency = models.ForeignKey(Agency, models.SET_NULL, null=True, related_name="+",
                               verbose_name=_("reader's agency"))
    what = models.CharField(_("what"), max_length=10, choices=What.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("shared data access")
        verbose_name_plural = _("shared data accesses")
        ordering = ["-at"]
        indexes = [models.Index(fields=["dataset", "at"], name="accesses_by_dataset")]


class Event(models.Model):
    """What happened to a dataset: created, submitted, approved, sent back, withdrawn, a new
    version. Append-only."""

    dataset = models.ForeignKey(Dataset, models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                              blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["dataset", "at", "id"]
