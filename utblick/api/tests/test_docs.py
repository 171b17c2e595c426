"""docs/api.md's Python example runs as written against the test server (X-6)."""

import datetime
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"


def python_example() -> str:
    section = DOC.read_text(encoding="utf-8").split("## Example in Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.mark.requirement("X-6")
def test_the_python_example_in_the_api_documentation_works(live_server, world, monkeypatch, capsys):
    from utblick.api.services import api_token_create
    from utblick.engagements.models import Engagement

    secret = api_token_create(
        user=world.user("coordinator_a"), name="Dokumentation", expires_on=datetime.date.today()
    ).secret
    monkeypatch.setenv("UTBLICK_URL", live_server.url)
    monkeypatch.setenv("UTBLICK_TOKEN", secret)
    monkeypatch.setenv("UTBLICK_ORGANISATION", world.org_a.slug)
    exec(compile(python_example(), str(DOC), "exec"), {"__name__": "api_example"})
    output = capsys.readouterr().out
    assert "4 units, 0 projects" in output and "Conflict detected" in output
    visit = Engagement.objects.get(kind="visit")
    assert visit.title == "Study visit to Kiel and Lübeck" and visit.visit.direction == "outgoing"
    assert visit.history.first().history_change_reason == "API: Dokumentation"
