"""Run mutmut's mutants against test files you choose (``make mutation`` on a shared machine).

mutmut's own ``run`` first maps every test to the functions it reaches by
running the whole suite under tracing; on this project's two shared cores that
stage alone took more than 17 minutes, before a single mutant ran. This script
uses mutmut for what it does well (writing the mutants into ``mutants/`` and
keeping their results, so ``mutmut results``, ``mutmut show`` and
``tools/mutation_report.py`` read them as usual) and replaces the mapping by
the test files you name for a module:

    python tools/mutation_run.py generate
    python tools/mutation_run.py run "kvkdocs.rules.application.*" --tests tests/test_rules.py tests/test_rules_edges.py
    python tools/mutation_run.py run "kvkdocs.letters.*" --tests tests/test_letters.py --rerun-survivors

``run`` runs the named tests once without a mutant (they must pass), then,
for each mutant that has no result yet, forks and runs the same tests with
``MUTANT_UNDER_TEST`` set, as mutmut's own runner does: ``-x``, not the
``slow`` tests, nor the LibreOffice ones (``pyproject.toml``'s mutmut
arguments). Exit status 1 (a failing test) is a kill, 0 a survivor; a run
that takes longer than ``--timeout`` times the clean run is stopped and
counted as a timeout, as mutmut counts it (a killed mutant). A kill by any of
the chosen tests is a real kill; a survivor may still be killed by a test the
run did not include, so the score can only be too low, never too high.

Each result is written at once into mutmut's ``.meta`` file, so an
interrupted run keeps what it did, and ``results.jsonl`` beside it names the
test that killed each mutant.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
PYTEST_ARGS = [
    "-x", "-q", "--tb=no", "--no-header", "-p", "no:randomly", "-p", "no:cacheprovider", "-m", "not slow",
    "-k", "not pdf_round_trip and not pdf_layout and not same_rules_in_pdf and not opens_in_libreoffice "
          "and not agreements_open_in_libreoffice",
]
TIMEOUT_EXIT = 36  # mutmut's code for a timeout (counted as killed)

# ``plan``: each core module's mutants, first against the tests written for it (quick), then the survivors
# against more files that also reach it. The chosen files are how the README's figures were measured.
PLAN: list[tuple[str, list[str], list[str]]] = [
    ("kvkdocs.rules.*", ["tests/test_rule_bodies.py", "tests/test_rules.py", "tests/test_rules_edges.py"],
     ["tests/test_application.py", "tests/test_citations.py", "tests/test_programmes.py"]),
    ("kvkdocs.amounts.*", ["tests/test_amounts.py", "tests/test_rules_edges.py"], ["tests/test_layouts.py"]),
    ("kvkdocs.decisions.*", ["tests/test_decisions.py", "tests/test_decisions_edges.py", "tests/test_decision_once_late.py"],
     ["tests/test_letters.py"]),
    ("kvkdocs.letters.*", ["tests/test_letter_contents.py", "tests/test_letters.py"],
     ["tests/test_decisions_edges.py", "tests/test_decisions.py", "tests/test_usertemplates.py",
      "tests/test_batch_edges.py"]),
    ("kvkdocs.batch.*", ["tests/test_batch_edges.py", "tests/test_letters.py"], ["tests/test_output_safety.py"]),
    ("kvkdocs.render.ziputil.*", ["tests/test_batch_edges.py"], ["tests/test_hostile_documents.py"]),
    ("kvkdocs.load.pdf.*", ["tests/test_pdf_errors.py", "tests/test_pdf_samples.py", "tests/test_load.py"],
     ["tests/test_hostile_documents.py", "tests/test_reader_pool.py", "tests/test_layouts.py"]),
    ("kvkdocs.load.word.*", ["tests/test_word_package.py", "tests/test_word_hidden_text.py",
                             "tests/test_word_walk.py", "tests/test_reading.py", "tests/test_load.py",
                             "tests/test_pdf_samples.py", "tests/test_layouts.py"], ["tests/test_hostile_documents.py"]),
    ("kvkdocs.load.layout.*", ["tests/test_layout_blocks.py", "tests/test_pdf_samples.py", "tests/test_layouts.py",
                               "tests/test_load.py", "tests/test_reading.py", "tests/test_word_walk.py"], []),
]
# Slow tests of the first files that check the batch rather than the planner (seconds per mutant).
DESELECT = ["tests/test_letters.py::test_a_killed_batch_leaves_nothing_at_the_final_path",
            "tests/test_letters.py::test_same_bytes_on_a_rerun_and_with_one_or_two_workers"]


def generate() -> int:
    """Copy the project into ``mutants/`` and write the mutants, with mutmut's own code (no test mapping)."""
    os.chdir(ROOT)
    from mutmut.__main__ import create_mutants
    from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir

    MUTANTS.mkdir(exist_ok=True)
    copy_src_dir()
    copy_also_copy_files()
    stats = create_mutants(1)
    print(f"{stats.mutated} files mutated, {stats.ignored} copied, {stats.unmodified} unchanged")
    return 0


def _metas() -> dict[str, Path]:
    """Each mutated module's dotted name → its ``.meta`` file (mutmut's results)."""
    found = {}
    for meta in (MUTANTS / "kvkdocs").rglob("*.py.meta"):
        module = meta.relative_to(MUTANTS).with_suffix("").with_suffix("")
        found[".".join(module.parts).removesuffix(".__init__")] = meta
    return found


def _record(meta: Path, name: str, code: int, seconds: float) -> None:
    data = json.loads(meta.read_text())
    data["exit_code_by_key"][name] = code
    data["durations_by_key"][name] = seconds
    meta.write_text(json.dumps(data, indent=4))


class _FirstFailure:
    """Notes the first failing test, and puts first the tests that name the mutated function or its rule.

    A mutant is killed by its first failing test (``-x``). On a loaded machine a run
    through every chosen test costs seconds; the tests that name the rule whose body
    was mutated (``evaluation.plan`` for ``evaluation_plan``), or call the mutated
    function by name, are the likeliest to fail, so they run first. The order
    changes which test is reported, never whether the mutant is killed.
    """

    def __init__(self, mutant: str) -> None:
        self.nodeid = ""
        function = mutant.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1]
        function = function.split("ǁ")[-1] if "ǁ" in function else function.removeprefix("x_")
        self.words = {function + "("}
        try:
            from kvkdocs.rules import RULES

            self.words |= {rule.id for rule in RULES.values() if getattr(rule.check, "__name__", "") == function}
        except ImportError:
            pass

    def _likely(self, item) -> bool:
        import inspect

        try:
            source = inspect.getsource(item.function)
        except (OSError, TypeError, AttributeError):
            source = ""
        return any(word in item.nodeid or word in source for word in self.words)

    @pytest.hookimpl(trylast=True)  # after tests/conftest.py's own order under mutmut
    def pytest_collection_modifyitems(self, items) -> None:
        items.sort(key=lambda item: not self._likely(item))  # stable: the order within each group is kept

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed and not self.nodeid:
            self.nodeid = report.nodeid


def _one(name: str, tests: list[str], limit: float, log: Path) -> tuple[int, float]:
    """Run ``tests`` with mutant ``name`` active in a forked child; its exit code (or a timeout) and seconds."""
    started = time.monotonic()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the mutant is active only here
        os.close(read)
        os.setpgid(0, 0)  # its own group, so a timeout stops its workers too
        from mutmut.mutation.trampoline import set_mutant_under_test

        set_mutant_under_test(name)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        first = _FirstFailure(name)
        try:
            code = int(pytest.main(PYTEST_ARGS + tests, plugins=[first]))
        except BaseException:  # noqa: B036 - anything escaping pytest is a failure of the mutant
            code = 3
        os.write(write, first.nodeid.encode())
        os._exit(code)
    os.close(write)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() - started > limit:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            code = TIMEOUT_EXIT
            break
        time.sleep(0.05)
    killer = os.read(read, 4096).decode(errors="replace") if code != TIMEOUT_EXIT else ""
    os.close(read)
    seconds = time.monotonic() - started
    with log.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"mutant": name, "exit": code, "seconds": round(seconds, 2), "test": killer}) + "\n")
    return code, seconds


def run(patterns: list[str], tests: list[str], rerun_survivors: bool, timeout: float, only_new: bool) -> int:
    metas = _metas()
    listed = set()  # listed equivalents survive again whatever is added; a survivor's rerun skips them
    for path in (ROOT / "tests" / "mutation-equivalents").glob("*.txt"):
        listed |= {line.split(" ", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()
                   if line.strip() and not line.startswith("#")}
    todo: list[tuple[str, Path]] = []
    for module, meta in sorted(metas.items()):
        for key, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            name = f"{module}.{key}" if not key.startswith(module) else key
            if not any(fnmatch.fnmatchcase(key, p) or fnmatch.fnmatchcase(name, p) for p in patterns):
                continue
            if code is None or (rerun_survivors and code == 0 and name not in listed) or not only_new:
                todo.append((key, meta))
    if not todo:
        print("Ingen mutanter å kjøre for " + ", ".join(patterns))
        return 2
    import shutil

    shutil.copytree(ROOT / "tests", MUTANTS / "tests", dirs_exist_ok=True)  # tests written since `generate`
    os.chdir(MUTANTS)
    sys.path.insert(0, str(MUTANTS))
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
    from mutmut.mutation.trampoline import set_mutant_under_test

    set_mutant_under_test("")  # a clean run: mutmut's set-up in tests/conftest.py, no mutant

    started = time.monotonic()
    clean = int(pytest.main(PYTEST_ARGS[:1] + PYTEST_ARGS[3:] + tests))
    clean_seconds = time.monotonic() - started
    if clean != 0:
        print(f"The tests fail without a mutant (exit {clean}): fix that first.")
        return 1
    limit = max(clean_seconds * timeout, clean_seconds + 20)
    print(f"clean run {clean_seconds:.1f} s; {len(todo)} mutants; a mutant's run is stopped after {limit:.0f} s",
          flush=True)
    log = MUTANTS / "results.jsonl"
    counts = {"killed": 0, "survived": 0, "timeout": 0, "other": 0}
    for n, (key, meta) in enumerate(todo, 1):
        code, seconds = _one(key, tests, limit, log)
        _record(meta, key, code, seconds)
        status = {0: "survived", 1: "killed", TIMEOUT_EXIT: "timeout"}.get(code, "other")
        counts[status] += 1
        if status != "killed" or n % 25 == 0:
            print(f"[{n}/{len(todo)}] {key}: {status} (exit {code}, {seconds:.1f} s)  {counts}", flush=True)
    print(f"done: {counts} in {time.monotonic() - started:.0f} s")
    return 0


def _in_child(function, *args) -> int:
    """Run ``function`` in a forked process: each run imports the mutated code afresh in ``mutants/``."""
    pid = os.fork()
    if pid == 0:
        os._exit(function(*args))
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("generate", help="write the mutants into mutants/ (mutmut's generation, no test mapping)")
    planned = sub.add_parser("plan", help="run every core module as PLAN says (what `make mutation` does)")
    planned.add_argument("modules", nargs="*", help="only the PLAN entries starting with these (kvkdocs.letters)")
    runner = sub.add_parser("run", help="run the mutants matching PATTERN against the --tests files")
    runner.add_argument("patterns", nargs="+", metavar="PATTERN", help="mutant names, * allowed: kvkdocs.letters.*")
    runner.add_argument("--tests", nargs="+", required=True, help="test files (or node ids) to run for each mutant")
    runner.add_argument("--rerun-survivors", action="store_true", help="run survivors again (after new tests)")
    runner.add_argument("--all", action="store_true", help="run every matching mutant again, whatever its result")
    runner.add_argument("--timeout", type=float, default=5.0, help="stop a mutant after this many clean runs")
    runner.add_argument("--deselect", nargs="*", default=[], help="test node ids to leave out (a slow one)")
    args = parser.parse_args(argv)
    if args.command == "generate":
        return generate()
    if args.command == "plan":
        for pattern, first, more in PLAN:
            if args.modules and not pattern.startswith(tuple(args.modules)):
                continue
            deselect = [f"--deselect={node}" for node in DESELECT]
            _in_child(run, [pattern], first + deselect, False, 5.0, True)
            if more:
                _in_child(run, [pattern], more, True, 5.0, True)  # the survivors, against more files
        return 0
    tests = args.tests + [f"--deselect={node}" for node in args.deselect]
    return run(args.patterns, tests, args.rerun_survivors, args.timeout, not args.all)


if __name__ == "__main__":
    sys.exit(main())
