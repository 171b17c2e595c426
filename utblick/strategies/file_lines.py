"""Where a key of a strategy file stands: the line of a dotted path such as versions[0].directions[2].name, for messages."""

import re
from dataclasses import dataclass, field


@dataclass
class Locator:
    """Finds the line of ``versions[1].directions[0].name`` in the TOML text."""

    text: str
    headers: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for number, line in enumerate(self.text.splitlines(), start=1):
            match = re.match(r"^\s*\[\[\s*([\w.]+)\s*\]\]", line)
            if match:
                self.headers.setdefault(match.group(1), []).append(number)

    def line_of(self, path: str) -> int | None:
        parts = re.findall(r"([a-z_]+)(?:\[(\d+)\])?", path)
        line, table, prefix = 1, "", ""
        indexes: list[int] = []
        for name, index in parts:
            candidate = f"{prefix}.{name}" if prefix else name
            if index and candidate in self.headers:
                # The n-th [[candidate]] header after the parent table's own header.
                after = [number for number in self.headers[candidate] if number >= line]
                nth = int(index)
                line = after[nth] if nth < len(after) else line
                prefix, table = candidate, candidate
                indexes.append(nth)
            elif index:
                # A short array of tables is written inline, one table per line after "name = [".
                start = self._key_line(name, line)
                if start is None:
                    return line
                target = start + 1 + int(index)
                lines = self.text.splitlines()
                return target if target <= len(lines) and lines[target - 1].lstrip().startswith("{") else start
            else:
                return self._key_line(name, line) or line
        return line if table else None

    def _key_line(self, key: str, start: int) -> int | None:
        lines = self.text.splitlines()
        for number in range(start, len(lines) + 1):
            text = lines[number - 1]
            if number > start and re.match(r"^\s*\[", text):
                break
            if re.match(rf"^\s*{re.escape(key)}\s*=", text):
                return number
        return None
