#!/usr/bin/env python3
"""Give each Swedish catalogue a proper header and drop its creation date.

    python tools/po_headers.py utblick/<app>/locale/sv/LC_MESSAGES/django.po ...

``make messages`` runs this after ``makemessages``: the header then names the project and the
language instead of gettext's placeholders, and no line changes merely because the catalogue was
regenerated, so branches that add translations side by side merge without conflicts.
"""

import re
import sys

HEADER = """# Swedish translations of Utblick.
# This file is distributed under the same license as Utblick (AGPL-3.0-or-later).
#
msgid ""
msgstr ""
"Project-Id-Version: Utblick\\n"
"Report-Msgid-Bugs-To: \\n"
"Last-Translator: Utblick developers\\n"
"Language-Team: Swedish\\n"
"Language: sv\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def main(paths: list[str]) -> int:
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        # The header is everything before the first blank line.
        _, _, rest = text.partition("\n\n")
        rest = re.sub(r"\n{3,}", "\n\n", rest)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(HEADER + "\n" + rest.lstrip("\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
