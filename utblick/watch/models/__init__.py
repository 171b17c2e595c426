from .desk import ItemComment, ItemMark, ItemShare
from .funding import FundingInvestigation
from .items import Item, ItemQuerySet, ItemTerms
from .profiles import Keyword, Match, WatchProfile, parse_keywords
from .sources import ALLOWED_UPLOAD_TYPES, ImportRun, Source, validate_upload

__all__ = [
    "ALLOWED_UPLOAD_TYPES",
    "FundingInvestigation",
    "ImportRun",
    "Item",
    "ItemComment",
    "ItemMark",
    "ItemQuerySet",
    "ItemShare",
    "ItemTerms",
    "Keyword",
    "Match",
    "Source",
    "WatchProfile",
    "parse_keywords",
    "validate_upload",
]
