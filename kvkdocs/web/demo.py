"""Demo data for ``make serve``: the round-4 and 2011 samples as rounds, and a demo user.

Loading is idempotent: a round that exists (same edition and number) is left
as it is, so ``make serve`` can be run again without doubling anything.
Files go through the same intake as an upload from the browser.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import yaml

from ..db import accounts, rounds
from .intake import take_in

DEMO_USER = "demo"
#: The 2011 samples come without a ``runde.yaml``; their applications are dated
#: 15 August 2011 and the meeting was 21 September, so the demo round's deadline
#: is set between the two.
SAMMEN_2011 = {"navn": "Pulje 1, Sammen om en bedre kommune (demo)", "program": "sammen-om-en-bedre-kommune-2011",
               "pulje": 1, "søknadsfrist": "2011-09-01"}
#: The sample meeting file of each demo round: its ``avsender`` is the round's address, as the
#: secretariat would enter it, so the demo's receipts name the secretariat from the first submission.
MEETINGS = {"pulje-4": "2008-11-04-pulje-4.yaml", "sammen-2011": "2011-09-21-sammen-pulje-1.yaml"}


def _round_settings(folder: Path) -> dict:
    settings_file = folder / "runde.yaml"
    if settings_file.is_file():
        return yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    return SAMMEN_2011


def _sample_sender(samples: Path, name: str) -> dict | None:
    """The round's address as its sample meeting file gives it (only the fields a round keeps), or None."""
    path = samples / "meetings" / MEETINGS[name]
    if not path.is_file():
        return None
    sender = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("avsender") or {}
    return {k: sender[k] for k in rounds.SENDER_FIELDS if sender.get(k)} or None


def load_samples(web, samples: Path) -> list[str]:
    """Create the demo rounds from ``samples/pulje-4`` and ``samples/sammen-2011``; returns what was done."""
    done = []
    for name in ("pulje-4", "sammen-2011"):
        folder = samples / name
        if not folder.is_dir():
            done.append(f"Fant ikke {folder}; hoppet over.")
            continue
        settings = _round_settings(folder)
        deadline = dt.date.fromisoformat(str(settings["søknadsfrist"]))
        with web.db() as db, db.begin():
            if rounds.find_round(db, settings["program"], int(settings["pulje"])) is not None:
                done.append(f"{settings['navn']}: finnes fra før.")
                continue
            round_ = rounds.create_round(db, None, name=f"{settings['navn']}", edition=settings["program"],
                                         number=int(settings["pulje"]), deadline=deadline, budget=None,
                                         sender=_sample_sender(samples, name))
            round_id = round_.id
        files = sorted(p for p in folder.iterdir() if p.is_file() and p.name not in ("runde.yaml", "README.md"))
        handles = [p.open("rb") for p in files]
        try:
            _, count = take_in(web, None, round_id, [(p.name, h) for p, h in zip(files, handles, strict=True)])
        finally:
            for handle in handles:
                handle.close()
        web.intake.drain()  # the server is not running yet: check them here, so the demo opens with verdicts
        done.append(f"{settings['navn']}: {count} søknader lastet inn.")
    return done


def demo_user(web) -> tuple[str, str]:
    """Create the demo user, or give it a new password; returns (username, password)."""
    password = secrets.token_urlsafe(9)
    with web.db() as db, db.begin():
        accounts.add_user(db, DEMO_USER, password, "sekretariat", "Demobruker i sekretariatet")
    return DEMO_USER, password
