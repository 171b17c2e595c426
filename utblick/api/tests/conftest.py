import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def token_for(world):
    """``token_for("coordinator_a")``: a fresh personal API token of that persona, as its secret."""
    from utblick.api.services import api_token_create

    def make(persona: str, name: str = "Power BI", days: int = 30) -> str:
        user = world.user(persona)
        return api_token_create(
            user=user, name=name, expires_on=timezone.localdate() + datetime.timedelta(days=days)
        ).secret

    return make


@pytest.fixture
def api(world, token_for):
    """``api("editor_a")``: a DRF test client sending that persona's token (anonymous: none)."""
    from rest_framework.test import APIClient

    def make(persona: str, **kwargs) -> APIClient:
        client = APIClient()
        if world.user(persona) is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(persona, **kwargs)}")
        return client

    return make


def _node_id_shim() -> None:
    """schemathesis (4.32) renames its lazy test per operation through ``Node._nodeid``, which pytest
    9.2 replaced by ``Node._id``; this maps the old name onto the new one until schemathesis follows."""
    from _pytest import nodes
    from _pytest.nodeid import coerce_node_id

    if hasattr(nodes.Node, "_nodeid"):
        return

    def set_node_id(node, value):
        node._id = coerce_node_id(value)

    nodes.Node._nodeid = property(lambda node: node.nodeid, set_node_id)


_node_id_shim()
