"""Mutation score per core module, from mutmut's results (``make mutation``).

Reads ``mutmut results --all true`` (run it from the project root after
``mutmut run``), groups the mutants by module, and prints for each module
how many were killed, how many survived, and the score: killed divided by
all mutants that were run, leaving out the equivalent mutants listed in
``tests/mutation-equivalents/*.txt`` (one file per module; one mutant name per
line, a space, and one line of reason: no behaviour a user could notice changes). Then it lists the
surviving mutants, which ``mutmut show NAME`` prints as a diff, and the listed equivalents that are
stale: names mutmut no longer has, and names whose mutant was killed (after an edit renumbers a
function's mutants, a listed name can name another mutant).

Exit status 1 when a module scores under the goal (80 %), so the figure is
never read as met when it is not. A module with mutants mutmut has not run
yet («not checked», after an interrupted run) gets its score marked as
incomplete, and the report says so: that figure is not a score.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

GOAL = 0.80
ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tests" / "mutation-equivalents"
_LINE = re.compile(r"^\s*(?P<name>\S+?): (?P<status>.+)$")
_MODULE = re.compile(r"^(?P<module>.+?)\.x(?:_|ǁ)")


def equivalents() -> dict[str, str]:
    found = {}
    for path in sorted(EQUIVALENTS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                found[name] = reason.strip()
    return found


def results(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            found[match["name"]] = match["status"].strip()
    return found


def main(argv: list[str] | None = None) -> int:
    """``mutation_report.py [MODULE ...]``: every module, or those whose names start with a MODULE given."""
    mutmut = Path(sys.executable).with_name("mutmut")
    text = subprocess.run([str(mutmut), "results", "--all", "true"], capture_output=True, text=True).stdout
    return report(text, equivalents(), sys.argv[1:] if argv is None else argv)


def report(text: str, known: dict[str, str], only: list[str] = ()) -> int:
    """Print the table for mutmut's results ``text``; ``known`` are the listed equivalents (name → reason)."""
    statuses = results(text)
    if only:
        statuses = {name: status for name, status in statuses.items() if name.startswith(tuple(only))}
        known = {name: reason for name, reason in known.items() if name.startswith(tuple(only))}
    if not statuses:
        print("Ingen resultater fra mutmut: kjør «make mutation» først.")
        return 2
    # mutmut numbers a function's mutants in order: an edit to the function renumbers them, and a
    # listed name then names another mutant or none. Both are reported, never silently counted.
    stale = sorted(name for name in known if name not in statuses)
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    survivors, doubtful = [], []
    for name, status in sorted(statuses.items()):
        module = _MODULE.match(name)["module"] if _MODULE.match(name) else name
        if name in known and status != "not checked":
            if status != "survived":  # a listed mutant that "dies" was killed by a flaky test, or is not equivalent
                doubtful.append((name, status))
            status = "equivalent"
        table[module][status] += 1
        if status in ("survived", "no tests"):
            survivors.append((name, status))
    below, incomplete = False, []
    print(f"{'module':40} {'mutants':>7} {'killed':>7} {'survived':>9} {'no tests':>9} {'equiv.':>7} "
          f"{'unchecked':>9} {'other':>6} {'score':>8}")
    for module, counts in sorted(table.items()):
        killed = counts["killed"] + counts["timeout"] + counts["caught by type check"]
        lived = counts["survived"] + counts["no tests"]
        unchecked = counts["not checked"]
        other = sum(counts.values()) - killed - lived - counts["equivalent"] - unchecked
        score = f"{killed / (killed + lived):7.0%}" if killed + lived else "      –"  # nothing run yet
        if unchecked:
            incomplete.append(module)
            score += "*"
        below |= killed + lived > 0 and killed / (killed + lived) < GOAL
        print(f"{module:40} {sum(counts.values()):7} {killed:7} {counts['survived']:9} {counts['no tests']:9} "
              f"{counts['equivalent']:7} {unchecked:9} {other:6} {score:>8}")
    if incomplete:
        print(f"\n* incomplete: mutants not run yet in {', '.join(incomplete)}; those figures are not scores.")
    if stale:
        print(f"\n{len(stale)} mutants listed as equivalent are no longer mutmut's mutants (the function changed and "
              "its mutants were renumbered): find each one's new name with «mutmut show» and fix its line:")
        for name in stale:
            print(f"  {name}")
    if doubtful:
        print(f"\n{len(doubtful)} mutants listed as equivalent did not survive: renumbered (the name now names another "
              "mutant), a wrong reason in tests/mutation-equivalents/, or a test that fails by chance; check each:")
        for name, status in doubtful:
            print(f"  {name}  ({status})")
    if survivors:
        print(f"\n{len(survivors)} mutants survived (see each with «mutmut show NAME»):")
        for name, status in survivors:
            print(f"  {name}  ({status})")
    return 1 if below or stale or doubtful else 0


if __name__ == "__main__":
    sys.exit(main())
