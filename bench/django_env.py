"""Point Django at the benchmark's own PostgreSQL database, production-like, before setup."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

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
    from psycopg import sql

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The benchmark needs PostgreSQL (set BENCH_DATABASE_URL=postgres://...).")
    name = db["NAME"]
    with _server() as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def _server():
    """A connection to the server's `postgres` database with the benchmark's credentials."""
    import psycopg

    db = settings.DATABASES["default"]
    params = {
        "dbname": "postgres",
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)


@contextmanager
def throwaway_copy() -> Iterator[str]:
    """A copy of the benchmark database (CREATE DATABASE … TEMPLATE, about 40 s for 6.5 GB),
    dropped after: for a measure that writes (the import), so that its rows never grow the
    data the other measures read. Yields the copy's URL. Closes this process's connections,
    since PostgreSQL copies only a database nobody is connected to."""
    from django.db import connections
    from psycopg import sql

    name = settings.DATABASES["default"]["NAME"]
    copy = sql.Identifier(f"{name}_throwaway")
    connections.close_all()
    with _server() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(copy))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(copy, sql.Identifier(name)))
    url = os.environ["DATABASE_URL"]
    try:
        yield url[: url.rindex("/") + 1] + f"{name}_throwaway"
    finally:
        with _server() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(copy))
