"""Build the shipped municipality register from ../shared/data.

Run from the project root: ``python tools/build_register.py [SHARED_DATA]``.
The output in ``kvkdocs/data/register/`` is committed, so users never need
the shared folder. Re-run it when the source data changes.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kvkdocs" / "data" / "register"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _valid_on(row: dict[str, str], day: str) -> bool:
    return row["gyldig_fra"] <= day and (not row["gyldig_til"] or day < row["gyldig_til"])


def build(src: Path) -> None:
    municipalities = _rows(src / "kommuner_klass131_2006_2024.csv")
    maalform = {r["kommunenummer"]: r["maalform"] for r in _rows(src / "kommuner_maalform_wikipedia_2015.csv")}
    orgnr = {r["kommunenummer"]: r["organisasjonsnummer"] for r in _rows(src / "kommuner_orgnr_klass1236_2020.csv")}
    OUT.mkdir(parents=True, exist_ok=True)
    fields = ["kommunenummer", "kommunenavn", "fylkesnummer", "fylkesnavn", "gyldig_fra",
              "gyldig_til", "maalform", "organisasjonsnummer"]
    with (OUT / "kommuner.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in municipalities:
            out = dict(row)
            # Målform is known only as of 2015; org.nr. only for 2020-2023.
            out["maalform"] = maalform.get(row["kommunenummer"], "") if _valid_on(row, "2015-06-01") else ""
            out["organisasjonsnummer"] = orgnr.get(row["kommunenummer"], "") if _valid_on(row, "2021-06-01") else ""
            writer.writerow(out)
    shutil.copyfile(src / "kommuneendringer_klass131_2006_2024.csv", OUT / "endringer.csv")
    shutil.copyfile(src / "SOURCES.md", OUT / "SOURCES-shared.md")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
