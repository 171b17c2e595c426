#!/usr/bin/env python3
"""make load: gunicorn with production settings on the bench database, N users for a bounded time.

1. migrates the bench database, creates the cache table, collects the static files and makes the
   users (manage.py load_users: members of the largest organisations, each with an API token);
2. starts gunicorn (config/gunicorn.py) and the task worker on the loopback address;
3. runs locust headless (tools/load/locustfile.py): every user signs in from its own loopback
   address, then clicks through the mix of pages and API calls until the time is up;
4. stops everything and prints p50/p95/p99 per page, errors and sign-in apart (var/load.json).

Only loopback addresses are used; the run ends by itself after --time.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 50)))
    parser.add_argument("--time", default=os.environ.get("LOAD_TIME", "2m"), help="locust's run time, e.g. 2m")
    # People arrive over the first minute rather than all at once: 50 sign-ins in ten seconds would
    # measure password hashing (slow on purpose), not the pages.
    parser.add_argument("--spawn-rate", type=float, default=float(os.environ.get("LOAD_SPAWN_RATE", 1)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 18719)))
    parser.add_argument("--output", default=str(ROOT / "var" / "load.json"))
    options = parser.parse_args()
    python = sys.executable
    bin_dir = Path(python).parent
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://utblick:utblick@127.0.0.1:5432/utblick_bench"),
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "load-test-only-" + "x" * 50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",  # plain HTTP on loopback, no TLS proxy in front
        "DJANGO_STATIC_ROOT": str(ROOT / "var" / "load-static"),
        "GUNICORN_BIND": f"127.0.0.1:{options.port}",
    }
    manage = [python, str(ROOT / "manage.py")]
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", options.port)) == 0:
            print(f"Port {options.port} is in use; choose another with LOAD_PORT.", file=sys.stderr)
            return 1
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["createcachetable"],
        ["collectstatic", "--no-input", "-v0"],
        ["load_users", "--users", str(options.users), "--output", str(ROOT / "var" / "load-users.json")],
    ):
        subprocess.run(manage + command, env=environment, cwd=ROOT, check=True)
    log = open(ROOT / "var" / "load-server.log", "w")  # noqa: SIM115 - the servers write to it until the end
    server = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "-c", str(ROOT / "config" / "gunicorn.py"), "config.wsgi"],
        env=environment, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    worker = subprocess.Popen(
        [*manage, "db_worker", "--queue-name", "*"],
        env=environment, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{options.port}"
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/health/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        else:
            print("gunicorn did not answer on /health/; see var/load-server.log", file=sys.stderr)
            return 1
        before = os.getloadavg()
        print(f"Load average before the run: {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}")
        locust = subprocess.run(
            [
                str(bin_dir / "locust"), "-f", str(ROOT / "tools" / "load" / "locustfile.py"), "--headless",
                "-u", str(options.users), "-r", str(options.spawn_rate), "-t", options.time,
                "--host", base, "--only-summary", "--stop-timeout", "10", "--utblick-output", options.output,
                "--loglevel", "WARNING",
            ],
            env={**os.environ, "UTBLICK_LOAD_USERS": str(ROOT / "var" / "load-users.json")}, cwd=ROOT,
        )  # fmt: skip
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    result = json.loads(Path(options.output).read_text())
    result["load_average_before"] = before
    Path(options.output).write_text(json.dumps(result, indent=2))
    print(f"\n{'page':32s} {'requests':>8s} {'errors':>6s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s}")
    rows = [*result["pages"].items(), ("ALL PAGES", result["all_pages"]), *result["sign_in"].items()]
    for name, figures in [(name, figures) for name, figures in rows if figures]:
        print(
            f"{name:32s} {figures['requests']:8d} {figures['errors']:6d} "
            f"{figures['p50_ms']:8.0f} {figures['p95_ms']:8.0f} {figures['p99_ms']:8.0f}"
        )
    print(f"Load average at the end: {result['load_average_at_end']}; written to {options.output}")
    return locust.returncode


if __name__ == "__main__":
    sys.exit(main())
