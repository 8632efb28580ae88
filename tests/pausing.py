"""Run `kvkdocs` in a subprocess that pauses mid-batch at a known point.

A test that kills a batch, or races a second run against it, must not depend
on how fast the machine is. This runs the real command with one change: after
``PAUSE_AFTER`` documents are in the manifest, it touches the file ``PAUSED``
and waits until the file ``RESUME`` exists (or ten minutes pass).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .conftest import ROOT

PAUSING_KVKDOCS = """
import os, sys, time
from pathlib import Path

import kvkdocs.batch as batch
from kvkdocs.cli import main

original = batch.Manifest.add


def add(self, row):
    original(self, row)
    if self.count == int(os.environ["PAUSE_AFTER"]):
        Path(os.environ["PAUSED"]).touch()
        end = time.time() + 600
        while not Path(os.environ["RESUME"]).exists() and time.time() < end:
            time.sleep(0.02)


batch.Manifest.add = add
sys.argv = ["kvkdocs", *sys.argv[1:]]
main()
"""


class PausedRun:
    """A `kvkdocs` subprocess paused after ``after`` documents; ``resume()`` lets it go on."""

    def __init__(self, args: list[str], after: int = 40, **popen) -> None:
        signals = Path(tempfile.mkdtemp(prefix="kvkdocs-pause-"))  # outside the folders the test inspects
        self.paused, self.resume_file = signals / "paused", signals / "resume"
        env = dict(os.environ, PYTHONPATH=str(ROOT), PAUSE_AFTER=str(after), PAUSED=str(self.paused),
                   RESUME=str(self.resume_file))
        self.proc = subprocess.Popen([sys.executable, "-c", PAUSING_KVKDOCS, *map(str, args)], env=env,
                                     start_new_session=True, **popen)

    def wait_until_paused(self, seconds: float = 120) -> None:
        end = time.time() + seconds
        while not self.paused.exists() and self.proc.poll() is None and time.time() < end:
            time.sleep(0.02)
        assert self.paused.exists(), "the batch never reached the point where it pauses"

    def resume(self) -> None:
        self.resume_file.touch()
