import tomllib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from utblick.strategies.files import StrategyFileError, strategy_import


class Command(BaseCommand):
    help = (
        "Import a strategy file (TOML). Everything is validated first; on any error nothing is written. "
        "Without --user this is the system administrator's tool and may write any organisation's strategy; "
        "with --user the file may name, create and change only what that user may (docs/strategy-file.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--organisation",
            action="append",
            metavar="SLUG",
            help="Make these organisations the owners instead of those in the file (repeat for several).",
        )
        parser.add_argument("--user", metavar="EMAIL", help="Import with this user's rights, as the page would.")
        parser.add_argument("--dry-run", action="store_true", help="Validate only; write nothing.")

    def handle(
        self,
        *args,
        file: str,
        organisation: list[str] | None = None,
        user: str | None = None,
        dry_run: bool = False,
        **options,
    ):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        importer = None
        if user:
            importer = get_user_model().objects.filter(email__iexact=user, is_active=True).first()
            if importer is None:
                raise CommandError(f"No active user with the e-mail address {user}.")
        if organisation:
            text = _with_owners(text, organisation)
        try:
            strategy = strategy_import(text, user=importer, dry_run=dry_run)
        except StrategyFileError as error:
            for problem in error.errors:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(f"{len(error.errors)} error(s); nothing was imported.") from error
        verb = "would import" if dry_run else "imported"
        self.stdout.write(f"{verb} {strategy.name} ({strategy.slug})")


def _with_owners(text: str, slugs: list[str]) -> str:
    """Replace the file's [[owners]] tables with the given organisations."""
    import tomli_w

    data = tomllib.loads(text)
    local = {owner.get("organisation"): owner.get("local_name", "") for owner in data.get("owners", [])}
    data["owners"] = [
        {"organisation": slug, **({"local_name": local[slug]} if local.get(slug) else {})} for slug in slugs
    ]
    return tomli_w.dumps(data, multiline_strings=True)
