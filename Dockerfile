# Production image: gunicorn serves config.wsgi; the same image runs the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app

# Dependencies first (the project installs no package of its own), so code changes reuse this layer.
COPY pyproject.toml ./
RUN pip install .

COPY . .
# collectstatic reads production settings, which insist on a SECRET_KEY: a throwaway one for the build.
RUN SECRET_KEY=collectstatic-only-build-key-never-used-at-runtime-0123456789 ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput \
    && useradd --system --uid 10001 --home-dir /app --no-create-home app \
    && chown -R app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
