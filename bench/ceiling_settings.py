"""Settings of bench/ceiling_site.py, the ceiling intake is measured against (a module of
their own: DRF reads the settings while ceiling_site imports it)."""

import os

import dj_database_url

SECRET_KEY = os.environ.get("SECRET_KEY", "ceiling-" + "x" * 50)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework",
                  "rest_framework.authtoken"]
MIDDLEWARE = []
ROOT_URLCONF = "ceiling_site"
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600)}
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
REST_FRAMEWORK = {"UNAUTHENTICATED_USER": None}
