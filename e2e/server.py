"""The real application for the browser suite, started once per test run.

A fresh SQLite file is migrated and filled with `load_demo`, static files are collected as in
production (DEBUG=0, WhiteNoise's manifest) and gunicorn serves the app on a free loopback port.
Celery runs in-process because no REDIS_URL is given.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STARTUP_SECONDS = 60


@dataclass
class LiveApp:
    url: str
    log: Path
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def app_environment(workdir: Path, static_root: Path) -> dict[str, str]:
    """Production-like settings, minus HTTPS: the browser talks plain HTTP to 127.0.0.1."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hdnd.settings",
        "DEBUG": "0",
        "SECRET_KEY": "e2e-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "REDIS_URL": "",  # Celery tasks run in-process
        "PRIVATE_MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CONN_MAX_AGE", None)
    return env


def _static_fingerprint() -> str:
    """What the collected files depend on: our static/ tree and the pinned packages."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    for path in sorted((ROOT / "static").rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(ROOT)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def static_root() -> tuple[Path, bool]:
    """A collected STATIC_ROOT, reused between runs while its inputs are unchanged.

    collectstatic compresses about 60 MB (Swagger UI, Bootstrap, the admin) and takes most of a
    minute on two cores, so it is kept in the temp directory under a fingerprint of its inputs.
    Returns the directory and whether it still has to be collected.
    """
    root = Path(tempfile.gettempdir()) / f"hdnd-e2e-static-{_static_fingerprint()}"
    return root, not (root / "staticfiles.json").exists()


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/accounts/login/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the app did not answer within {STARTUP_SECONDS}s:\n{log.read_text()}")


def start(workdir: Path) -> LiveApp:
    """Migrate, seed and collect (collectstatic alongside the two others), then serve."""
    static, collect = static_root()
    env = app_environment(workdir, static)
    collecting = None
    if collect:
        partial = static.with_name(static.name + f".{os.getpid()}")
        collecting = subprocess.Popen(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**env, "STATIC_ROOT": str(partial)},
        )
    _run(["migrate", "--noinput", "-v", "0"], env)
    _run(["load_demo"], env)
    if collecting is not None:
        if collecting.wait() != 0:
            raise RuntimeError("collectstatic failed")
        shutil.rmtree(static, ignore_errors=True)
        partial.rename(static)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = workdir / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "hdnd.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "2",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    app = LiveApp(url=url, log=log, process=process)
    try:
        _wait_until_up(url, process, log)
    except BaseException:
        app.stop()
        raise
    return app
