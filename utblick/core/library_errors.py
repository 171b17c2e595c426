"""What a reading library's error means, in the reader's language.

The libraries that read uploaded files and request bodies (ijson and json, tomllib, csv, the XML
parser under feedparser, re) explain their errors in English and in their own terms ("parse error:
premature EOF (right here) ------^"). Their messages never reach a user: these functions say what
is wrong and where, in the active language, from the error's type, position and known wording.
An error they do not recognise gets a general explanation rather than the library's text.
"""

import re
import socket
import ssl
from typing import Any

from django.utils.translation import gettext as _


def _line_of(data: bytes | str | None, position: int | None) -> int | None:
    if data is None or position is None:
        return None
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data[:position].count(newline) + 1  # type: ignore[arg-type]


def _where(line: int | None, column: int | None = None) -> str:
    if line is None:
        return ""
    if column is None:
        return " " + _("(line %(line)s)") % {"line": line}
    return " " + _("(line %(line)s, column %(column)s)") % {"line": line, "column": column}


def json_problem(error: Exception, *, data: bytes | str | None = None, position: int | None = None) -> str:
    """A JSON error of ``json`` or ``ijson``: "the file ends in the middle of the data (line 3)"."""
    message = str(getattr(error, "msg", error))
    line = getattr(error, "lineno", None) or _line_of(data, getattr(error, "pos", None) or position)
    column = getattr(error, "colno", None)
    lowered = message.lower()
    if any(words in lowered for words in ("premature eof", "incomplete json", "unterminated", "unexpected end")) or (
        "expecting" in lowered and data is not None and getattr(error, "pos", -1) >= len(data.strip())
    ):
        problem = _("the data ends in the middle; the file may have been cut off when it was downloaded or saved")
    elif "trailing garbage" in lowered or "additional data" in lowered or "extra data" in lowered:
        problem = _("there is more text after the end of the data")
    elif "invalid char" in lowered or "unexpected symbol" in lowered or "expecting value" in lowered:
        problem = _("a character where a value should be (text needs double quotes, numbers none)")
    elif "expecting property name" in lowered or "object key" in lowered:
        problem = _("a name in an object is missing or not in double quotes")
    elif "expecting ',' delimiter" in lowered or "expecting ':' delimiter" in lowered:
        problem = _("a comma or colon is missing between two values")
    else:
        problem = _("the text does not follow the rules of JSON")
    return problem + _where(line, column)


# tomllib's wordings (Python 3.11–3.14), most specific first.
TOML_PROBLEMS = [
    ("unterminated string", lambda: _("a text is not closed with its quotation mark")),
    ("unclosed", lambda: _("a list or table is not closed")),
    ("expected '=' after a key", lambda: _("a key has no '=' and value after it")),
    ("cannot overwrite", lambda: _("a key or table is given twice")),
    ("cannot declare", lambda: _("a key or table is given twice")),
    ("invalid date", lambda: _("a date or time that does not exist (dates are written 2026-03-15)")),
    ("illegal character", lambda: _("a character that is not allowed here")),
    ("expected newline or end of document", lambda: _("more than one value on one line")),
    ("invalid value", lambda: _("a value TOML cannot read: text needs quotation marks, dates are written 2026-03-15")),
    ("invalid statement", lambda: _("a line that is neither a key with a value nor a [table] heading")),
]


def toml_problem(error: Exception) -> tuple[int | None, str]:
    """A ``tomllib.TOMLDecodeError`` as its line and what is wrong there."""
    text = str(error)
    line = getattr(error, "lineno", None)
    found = re.search(r"\(at line (\d+), column \d+\)", text)
    if line is None and found:
        line = int(found.group(1))
    lowered = str(getattr(error, "msg", text)).lower()
    for words, problem in TOML_PROBLEMS:
        if words in lowered:
            return line, problem()
    return line, _("the text does not follow the rules of TOML")


def xml_problem(error: Any) -> str:
    """The XML error feedparser reports (``bozo_exception``): SAX's wording, or its own exceptions'."""
    message = str(error.getMessage() if hasattr(error, "getMessage") else error).lower()
    line = error.getLineNumber() if hasattr(error, "getLineNumber") else None
    if "mismatched tag" in message:
        problem = _("an element is closed that was not opened, or in the wrong order")
    elif "no element found" in message or "unclosed token" in message:
        problem = _("the file ends before the feed does; it may have been cut off")
    elif "junk after document element" in message:
        problem = _("there is more text after the end of the feed")
    elif "not well-formed" in message or "invalid token" in message:
        problem = _("a character XML does not allow here, often an & or < that is not written as &amp; or &lt;")
    elif "undefined entity" in message:
        problem = _("an entity such as &nbsp; that XML does not know")
    elif type(error).__name__ == "NonXMLContentType":
        problem = _("the server says the content is not XML")
    else:
        problem = _("the text does not follow the rules of XML")
    return problem + _where(line)


def csv_problem(error: Exception) -> str:
    """A ``csv.Error``: "a field is longer than the reader allows"."""
    message = str(error).lower()
    if "field larger than field limit" in message:
        return _("a field is longer than 131,072 characters, often because a quotation mark is not closed")
    if "new-line character seen in unquoted field" in message:
        return _("a line break inside a field that is not in quotation marks")
    if "unexpected end of data" in message or "eof" in message:
        return _("the file ends inside a quoted field")
    return _("the text does not follow the rules of CSV")


def regex_problem(error: Any) -> str:
    """A ``re.error`` in a pattern someone wrote (the organisation's case-number pattern)."""
    message = str(getattr(error, "msg", error)).lower()
    position = getattr(error, "pos", None)
    if "unterminated character set" in message:
        problem = _("a [ without its ]")
    elif "missing )" in message or "unterminated subpattern" in message:
        problem = _("a ( without its )")
    elif "unbalanced parenthesis" in message:
        problem = _("a ) without its (")
    elif "nothing to repeat" in message or "multiple repeat" in message:
        problem = _("a *, + or ? with nothing before it to repeat")
    elif "bad escape" in message:
        problem = _("a backslash before a letter that has no meaning there")
    else:
        problem = _("the pattern does not follow the rules of regular expressions")
    if position is None:
        return problem
    return problem + " " + _("(at character %(position)s)") % {"position": position + 1}


def network_problem(reason: Any) -> str:
    """Why a server could not be reached (``URLError.reason``, ``OSError``), without the socket's words."""
    if isinstance(reason, socket.gaierror):
        return _("the server's name was not found; check the address")
    if isinstance(reason, ssl.SSLCertVerificationError):
        return _("the server's certificate could not be verified")
    if isinstance(reason, ssl.SSLError):
        return _("a secure connection could not be set up")
    if isinstance(reason, ConnectionRefusedError):
        return _("the server refused the connection")
    if isinstance(reason, ConnectionResetError | ConnectionAbortedError | BrokenPipeError):
        return _("the connection was broken off")
    if isinstance(reason, TimeoutError):
        return _("the server did not answer in time")
    return _("the connection failed")


def http_problem(code: int) -> str:
    """A server's HTTP status as what it means for the one fetching: "the address does not exist"."""
    if code == 404 or code == 410:
        return _("the address does not exist on the server")
    if code in (401, 403):
        return _("the server does not let Utblick read the address")
    if code == 429:
        return _("the server asks Utblick to wait before asking again")
    if code >= 500:
        return _("the server has a problem of its own; try again later")
    return _("the server refused the request")
