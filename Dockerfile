# The production image of relmgmt. One image runs every role: the web server (the default
# command, gunicorn), the Celery worker, Celery beat and migrations; docker-compose.yml
# says which one a container runs. Settings come from the environment at run time.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=relmgmt.settings.production \
    RELMGMT_VAR_DIR=/var/lib/relmgmt \
    MEDIA_ROOT=/var/lib/relmgmt/media \
    STATIC_ROOT=/app/staticfiles

# An unprivileged user runs the application; it owns only the data directory.
RUN groupadd --system --gid 10001 relmgmt \
    && useradd --system --uid 10001 --gid relmgmt --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin relmgmt

WORKDIR /app

# Dependencies first, from the lock file alone, so a change of code reuses this layer: the
# whole tree pinned, every file checked against its hash (make lock writes it from
# pyproject.toml), so two builds a month apart install the same. The code runs from /app.
COPY requirements.lock /tmp/requirements.lock
RUN pip install --require-hashes --no-deps -r /tmp/requirements.lock && rm /tmp/requirements.lock

COPY . /app

# Static files are collected into the image (served by WhiteNoise). The key below exists
# only for this build step; containers refuse to start without a real SECRET_KEY and
# RELMGMT_AUDIT_KEY.
RUN SECRET_KEY=build-time-only-collectstatic-key-not-used-at-run-time \
        RELMGMT_AUDIT_KEY=build-time-only-collectstatic-key-not-used-at-run-time \
        python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /var/lib/relmgmt/media \
    && chown -R relmgmt:relmgmt /var/lib/relmgmt

USER relmgmt
EXPOSE 8000

# Gunicorn starts WEB_CONCURRENCY worker processes (default 1). The heartbeat files live
# in memory (/dev/shm) rather than on the container's overlay filesystem. No control
# socket: gunicorn would create it under the user's home (/app, not writable) and log an
# error at every start; nothing here uses gunicornc. The graceful timeout (30 s) is what
# docker-compose.yml's stop_grace_period of the web service allows, with a margin.
CMD ["gunicorn", "relmgmt.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", \
     "--no-control-socket", \
     "--access-logfile", "-", \
     "--timeout", "60", \
     "--graceful-timeout", "30"]
