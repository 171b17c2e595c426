"""After the demo register is loaded, check every organisation's rules so the dashboards show them."""

from typing import TextIO

from .evaluation import evaluate_all


def load(stdout: TextIO | None = None) -> None:
    for organisation, summary in evaluate_all():
        if stdout and summary.opened:
            stdout.write(f"{organisation.slug}: {summary.opened} deviations opened\n")
