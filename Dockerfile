# syntax=docker/dockerfile:1
# HĐND: one image for the web (gunicorn), the Celery worker and Celery beat.
# Build: docker build -t hdnd .     Run: see docker-compose.yml.

# The PDFs' font (Tinos, Times-metric with full Vietnamese) from the npm registry, as pinned by
# package-lock.json, so a PDF built in the image is the same as on any other machine.
FROM node:20-bookworm-slim AS fonts
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=hdnd.settings \
    PRIVATE_MEDIA_ROOT=/var/lib/hdnd/media \
    WEB_CONCURRENCY=3

# WeasyPrint's system libraries (Pango, PangoFT2, HarfBuzz + its subsetter, Fontconfig) and fonts:
# Liberation Serif (metric-compatible with Times New Roman, Decree 30/2020) is the system fallback;
# fontconfig already maps "Times New Roman" to it. DejaVu is the fallback for anything else.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fontconfig \
        fonts-liberation2 \
        fonts-dejavu \
        tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && fc-cache -f

RUN groupadd --system --gid 1000 hdnd \
    && useradd --system --uid 1000 --gid hdnd --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin hdnd

# Dependencies first (cached while pyproject.toml is unchanged). The project itself declares
# no packages (`packages = []`): it runs from the source tree copied into /app below.
COPY pyproject.toml /tmp/build/
RUN pip install /tmp/build && rm -rf /tmp/build

WORKDIR /app
COPY . .
COPY --from=fonts /build/node_modules /app/node_modules

# Static files are collected at build time and served by WhiteNoise. The key is a throwaway:
# collectstatic needs one, and the real SECRET_KEY is only given at run time.
RUN DEBUG=0 SECRET_KEY=build-only-collectstatic-key-never-used-at-runtime-0123456789 \
        python manage.py collectstatic --noinput -v 0

# Uploads live outside the web root (and outside /app, which stays read-only for the app user);
# beat keeps its schedule file in a directory of its own.
RUN mkdir -p /var/lib/hdnd/media /var/lib/hdnd/beat \
    && chown -R hdnd:hdnd /var/lib/hdnd
VOLUME ["/var/lib/hdnd/media"]

USER hdnd
EXPOSE 8000

# The login page must answer 200. Host is the first ALLOWED_HOSTS entry and X-Forwarded-Proto
# is https, as the TLS proxy in front sends, so SECURE_SSL_REDIRECT does not bounce the probe.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as r; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r.urlopen(r.Request('http://127.0.0.1:8000/accounts/login/', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=8)" || exit 1

# Workers: WEB_CONCURRENCY (default 3). Threads let slow PDF requests not block a whole worker.
CMD ["gunicorn", "hdnd.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-class", "gthread", "--threads", "4", \
     "--timeout", "120", "--graceful-timeout", "30", "--keep-alive", "5", \
     "--max-requests", "1000", "--max-requests-jitter", "100", \
     "--worker-tmp-dir", "/dev/shm", "--no-control-socket", \
     "--access-logfile", "-", "--error-logfile", "-"]
