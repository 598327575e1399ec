"""Point Django at the benchmark's own PostgreSQL database, production-like, before setup."""

from __future__ import annotations

import os

import django
from django.apps import apps
from django.conf import settings

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hdnd_bench"


def setup() -> None:
    """Use BENCH_DATABASE_URL (never the developer's DATABASE_URL) and DEBUG off, then setup.

    DEBUG is forced off so that timings include neither the debug query log nor debug templates.
    """
    if apps.ready:
        return
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hdnd.settings")
    django.setup()


def ensure_database() -> str:
    """Create the benchmark database when missing; returns its name.

    Connects to the server's `postgres` database with the same credentials, since Django cannot
    connect to a database that does not exist yet.
    """
    import psycopg
    from psycopg import sql

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The benchmark needs PostgreSQL (set BENCH_DATABASE_URL=postgres://...).")
    params = {
        "dbname": "postgres",
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    name = db["NAME"]
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name
