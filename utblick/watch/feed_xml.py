"""The XML parser feedparser uses for feeds: defusedxml's, so a feed cannot declare entities.

``xml.sax.make_parser`` takes a list of module names and calls their ``create_parser()``; feedparser
asks for the modules in ``feedparser.api.PREFERRED_XML_PARSERS`` and ``formats.read_feed`` names
this one. Entity declarations (billion laughs, external entities) raise ``EntitiesForbidden``. A
document type that only names an external DTD, as RSS 0.91 feeds do, is read: feedparser turns
the loading of external entities off, so the DTD is never fetched.
"""

from typing import Any

from defusedxml.expatreader import DefusedExpatParser


def create_parser(*args: Any, **kwargs: Any) -> DefusedExpatParser:
    return DefusedExpatParser(*args, forbid_dtd=False, forbid_entities=True, forbid_external=False, **kwargs)
