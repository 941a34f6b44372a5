# MotCua's image: the web process by default; the same image runs the worker and the
# scheduler (compose.yaml). Non-root, slim, no compiler left behind.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r /tmp/requirements.txt

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=motcua.settings GUNICORN_BIND=0.0.0.0:8000 \
    MEDIA_ROOT=/srv/motcua/media STATIC_ROOT=/srv/motcua/static
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /srv/motcua motcua \
    && mkdir -p /srv/motcua/media /srv/motcua/static /srv/motcua/signing \
    && chown -R motcua /srv/motcua
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=motcua . /app
RUN MOTCUA_ENV=development python manage.py collectstatic --noinput -v 0
USER motcua
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "motcua.wsgi"]
