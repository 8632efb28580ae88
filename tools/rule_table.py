"""Write the rule table in README.md from `kvkdocs rules --format json`.

The table sits between two marker comments in README.md and is never edited
by hand: change an edition file, run this script, and commit both. The test
suite fails when README.md and the editions disagree.

    python tools/rule_table.py          # rewrite the table in README.md
    python tools/rule_table.py --check  # exit 1 when README.md is out of date
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START = "<!-- regeltabell:start (lages av tools/rule_table.py fra «kvkdocs rules --format json»; ikke rediger) -->"
END = "<!-- regeltabell:slutt -->"


def rules_json() -> list[dict]:
    """The output of `kvkdocs rules --format json` for the shipped editions only."""
    env = {k: v for k, v in os.environ.items() if k != "KVKDOCS_PROGRAMMES"}
    done = subprocess.run([sys.executable, "-m", "kvkdocs", "rules", "--format", "json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def table(rows: list[dict]) -> str:
    """The Markdown table: one line per rule and group of editions that apply it alike."""
    lines = ["| regel | utgaver | alvorlighet | hjemmelstype | hjemmel |", "|---|---|---|---|---|"]
    for row in rows:
        if not row["by_edition"]:
            lines.append(f"| `{row['id']}` | alle | {row['severity']} | – | – |")
            continue
        groups: dict[tuple, list[str]] = {}
        for use in row["by_edition"]:
            citation = use["citation"]
            key = (use["severity"], citation["kind"], citation["describe"])
            groups.setdefault(key, []).append(use["edition"])
        for (severity, kind, words), editions in groups.items():
            shown = ", ".join(f"`{e}`" for e in editions)
            lines.append(f"| `{row['id']}` | {shown} | {severity} | {kind or '–'} | {_cell(words) or '–'} |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def with_table(readme: str, body: str) -> str:
    """README text with the part between the markers replaced by ``body``."""
    if START not in readme or END not in readme:
        raise SystemExit(f"README.md mangler markørene {START!r} og {END!r}.")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{body}\n{END}{tail}"


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    wanted = with_table(current, table(rules_json()))
    if "--check" in argv:
        if wanted != current:
            print("Regeltabellen i README.md er utdatert: kjør «python tools/rule_table.py».", file=sys.stderr)
            return 1
        return 0
    if wanted != current:
        README.write_text(wanted, encoding="utf-8")
        print("Regeltabellen i README.md er skrevet på nytt.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
