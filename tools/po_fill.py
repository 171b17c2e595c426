#!/usr/bin/env python3
"""Fill empty translations of a gettext .po file from a JSON dictionary.

    python tools/po_fill.py utblick/<app>/locale/sv/LC_MESSAGES/django.po translations.json

The JSON maps msgid to its translation, or to [singular, plural] for plural entries.
Existing translations are kept; entries marked fuzzy get the new text and lose the mark.
Prints the msgids that are still untranslated. Used by developers after ``make messages``.
"""

import json
import re
import sys


def unquote(lines: list[str]) -> str:
    return "".join(json.loads(line) for line in lines)


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(po_path: str, json_path: str) -> int:
    with open(json_path, encoding="utf-8") as handle:
        translations = json.load(handle)
    with open(po_path, encoding="utf-8") as handle:
        blocks = handle.read().split("\n\n")
    missing, out = [], []
    for block in blocks:
        lines = block.split("\n")
        fields: dict[str, list[str]] = {}
        current = None
        other = []
        for line in lines:
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) (".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
            else:
                current = None
                other.append(line)
        if "msgid" not in fields or unquote(fields["msgid"]) == "":
            out.append(block)
            continue
        msgid = unquote(fields["msgid"])
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in other)
        plural = "msgid_plural" in fields
        have = [unquote(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        if all(have) and not fuzzy:
            out.append(block)
            continue
        wanted = translations.get(msgid)
        if wanted is None:
            missing.append(msgid)
            out.append(block)
            continue
        comments = []
        for line in other:
            if not line or line.startswith("#|"):
                continue  # drop blank lines and the previous-msgid notes of fuzzy entries
            if line.startswith("#,"):
                flags = [flag.strip() for flag in line[2:].split(",") if flag.strip() and flag.strip() != "fuzzy"]
                if flags:
                    comments.append("#, " + ", ".join(flags))
                continue
            comments.append(line)
        new = comments + ([f"msgctxt {fields['msgctxt'][0]}"] if "msgctxt" in fields else [])
        new.append(f"msgid {quote(msgid)}")
        if plural:
            new.append(f"msgid_plural {quote(unquote(fields['msgid_plural']))}")
            singular, many = wanted if isinstance(wanted, list) else (wanted, wanted)
            new += [f"msgstr[0] {quote(singular)}", f"msgstr[1] {quote(many)}"]
        else:
            new.append(f"msgstr {quote(wanted)}")
        out.append("\n".join(new))
    with open(po_path, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(out))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
