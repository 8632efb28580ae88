"""Speed figures for kvkdocs, each a ratio measured in the same run.

Run with ``make bench``. Never part of the test suite: shared machines are
noisy, so only ratios measured side by side mean anything.

1. Validating 1 000 YAML applications with ``kvkdocs.verbs.validate`` against the naive path
   (pure-Python ``yaml.safe_load`` plus ``jsonschema.validate()`` per file).
   Goal: at least 10x faster.
2. Start-up: ``kvkdocs --version`` against ``python3 -c pass`` (goal: within
   3x) and ``kvkdocs validate`` on one file (goal: within 8x).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "samples/pulje-4"
COUNT = 1000
NAIVE_COUNT = 150


def make_inbox(folder: Path) -> list[Path]:
    """COUNT applications: the round-4 samples over and over, each its own file."""
    sources = sorted(p for p in SAMPLE_DIR.glob("*.yaml") if p.name != "runde.yaml")
    paths = []
    for i in range(COUNT):
        path = folder / f"{i:04d}-{sources[i % len(sources)].name}"
        shutil.copyfile(sources[i % len(sources)], path)
        paths.append(path)
    return paths


def time_ours(paths: list[Path]) -> float:
    from kvkdocs import verbs

    start = time.perf_counter()
    results = verbs.validate(paths).files
    elapsed = time.perf_counter() - start
    assert len(results) == len(paths) and all(r.kind == "søknad" for r in results)
    return elapsed / len(paths)


def time_naive(paths: list[Path]) -> float:
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schemas/soknad.schema.json").read_text(encoding="utf-8"))
    start = time.perf_counter()
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))  # pure-Python loader
        data = json.loads(json.dumps(data, default=str))  # dates as text, as the schema wants
        try:
            jsonschema.validate(data, schema)
        except jsonschema.ValidationError:
            pass
    return (time.perf_counter() - start) / len(paths)


def median_run(cmd: list[str], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    kvkdocs = str(Path(sys.executable).parent / "kvkdocs")
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_inbox(Path(tmp))
        time_ours(paths[:20])  # warm the file cache
        ours = time_ours(paths)
        naive = time_naive(paths[:NAIVE_COUNT])
    print(f"1. {COUNT} YAML-søknader: kvkdocs {ours * 1000:.2f} ms/fil, naiv vei {naive * 1000:.2f} ms/fil"
          f" -> {naive / ours:.1f}x raskere (mål: minst 10x)")
    bare = median_run([sys.executable, "-c", "pass"])
    floor = median_run([sys.executable, "-c", "import click, yaml, jsonschema_rs"])
    version = median_run([kvkdocs, "--version"])
    one = median_run([kvkdocs, "validate", str(SAMPLE_DIR / "0219-baerum.yaml")])
    print(f"2. Oppstart: python3 -c pass {bare * 1000:.1f} ms; kvkdocs --version {version * 1000:.1f} ms"
          f" = {version / bare:.1f}x (mål: høyst 3x); kvkdocs validate én fil {one * 1000:.1f} ms"
          f" = {one / bare:.1f}x (mål: høyst 8x)")
    print(f"   Til sammenligning: bare import av click, yaml og jsonschema_rs tar {floor * 1000:.1f} ms"
          f" = {floor / bare:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
