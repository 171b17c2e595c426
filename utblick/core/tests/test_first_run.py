"""A newcomer's first `make run`: quiet, and ending with the demo sign-ins and the address.

The real Makefile target runs here, against a database of its own: installing (quick once .venv is
up to date), migrating, loading the demo, starting the server and the task worker.
"""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from utblick.organisations.demo import sign_ins

ROOT = Path(__file__).resolve().parents[3]
# What pip, setuptools, the demo loader and the development server say; none of it belongs above the sign-ins.
NOISE = re.compile(
    r"pip|setuptools|WARNING|Warning|Traceback|Organisations:|Demo data loaded|Performing system checks|"
    r"Watching for file changes|Starting .*server|Django version",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_make_run_ends_with_the_sign_ins_and_the_address_and_serves_the_icon(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'utblick.sqlite3'}",
        "UTBLICK_VAR_DIR": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
    }
    run = subprocess.Popen(
        ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # the server and the worker go with it when the test ends
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 600
        assert run.stdout is not None
        while time.monotonic() < deadline:
            line = run.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if line.startswith("Utblick: http://"):
                break
        assert lines and lines[-1].startswith(f"Utblick: http://127.0.0.1:{port}/"), "\n".join(lines)
        icon = urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon.ico", timeout=30)
        assert icon.status == 200 and icon.headers["Content-Type"] == "image/x-icon"
        assert icon.read().startswith(b"\x00\x00\x01\x00")  # an ICO file's header
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        run.wait(timeout=60)

    printed = [line for line in lines if line.strip()]
    noise = [line for line in printed if NOISE.search(line)]
    assert not noise, "\n".join(lines)
    emails = [email for email, _label in sign_ins()]
    shown = [line.split()[0] for line in printed if line.startswith("  ")]
    assert shown == emails, "\n".join(lines)
    assert printed[-2].split()[0] == emails[-1]  # the last sign-in, right above the address
    assert len(printed) <= len(emails) + 4, "\n".join(lines)  # a line before, the heading, the address
