"""Shared fixtures: applications built in code, so each test shows what it changes."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from hypothesis import settings

from kvkdocs.load.structured import parse_yaml

# In CI the property tests draw the same examples every run: a red CI then means the change broke
# something, never that chance found an old corner (developers' runs still explore, and keep what
# they find in .hypothesis/).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
os.environ.pop("KVKDOCS_TEMPLATES", None)  # a user's own templates must not change what the tests see
SAMPLES = ROOT / "samples"
EDITION_SAMPLES = {
    "kvalitetskommune-2006": SAMPLES / "utgaver/kvalitetskommune-2006-godkjent.yaml",
    "kvalitetskommune-ks-2010": SAMPLES / "utgaver/kvalitetskommune-ks-2010-godkjent.yaml",
    "sammen-om-en-bedre-kommune-2011": SAMPLES / "utgaver/sammen-om-en-bedre-kommune-2011-godkjent.yaml",
}


def load_sample(path: Path) -> dict:
    return parse_yaml(path.read_text(encoding="utf-8"))[0]


@pytest.fixture
def compliant():
    """A compliant application per edition id; each call gets fresh copies."""
    cache = {k: load_sample(v) for k, v in EDITION_SAMPLES.items()}
    return lambda edition: copy.deepcopy(cache[edition])


@pytest.fixture(scope="session")
def checker():
    from kvkdocs import Checker

    return Checker()


def rule_ids(result) -> set[str]:
    return {f.rule for f in result.findings}


# -- CI: a skipped test is a failure --------------------------------------------------
# A test that skips because LibreOffice, the shared corpus or the seeds are
# missing has checked nothing. Locally that is a reason printed by `-rs`; in
# CI (where `.ci/run` installs everything) it means the set-up is broken, so
# the run must not pass.


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which must run every test: {reason}"


# -- mutation testing (`make mutation`) ------------------------------------------------
# mutmut runs, for each mutant, the tests it saw reaching the mutated function, and
# names them in no particular order. A module-scoped fixture (a letter batch rendered
# once, the sample folder validated once) is torn down whenever the order leaves its
# module, and built again when it comes back: a run of a few hundred tests then takes
# many minutes. Under mutmut the tests are put back in file order, cheapest files
# first, which changes no test and no verdict.


def _main_module_workers_can_import() -> None:
    """Under mutmut, let worker processes start without importing mutmut's script.

    kvkdocs starts its workers from a fork server (never ``fork``), and such a
    worker first imports the parent's main module again. Under mutmut that is
    the ``mutmut`` script, which cannot be imported outside mutmut's folder (a
    CLI test runs in a temporary one), so every worker would die and every
    Word file would time out. Naming the main module by the console script's
    module (``kvkdocs._entry``, which does nothing on import) is what the
    ``kvkdocs`` command itself gives its workers.
    """
    import importlib.machinery
    import sys

    main = sys.modules.get("__main__")
    if main is not None and getattr(main, "__spec__", None) is None:
        main.__spec__ = importlib.machinery.ModuleSpec("kvkdocs._entry", None)


def _workers_know_mutmuts_configuration() -> None:
    """Have the fork server read mutmut's configuration once, for its workers (see ``tests/_mutmut_worker.py``)."""
    from kvkdocs.load import isolated

    os.environ.setdefault("KVKDOCS_MUTMUT_ROOT", os.getcwd())  # mutmut runs the tests from its own folder
    plain = isolated.worker_context

    def worker_context(method=None, preload=isolated.READERS):
        return plain(method, ("tests._mutmut_worker", *preload))

    isolated.worker_context = worker_context


def _forked_tests_start_their_own_fork_server() -> None:
    """In a process forked by mutmut, forget the fork server the parent started.

    mutmut runs the clean tests in its own process and then forks a child per
    mutant. A multiprocessing fork server started by those clean tests is the
    parent's child, not the mutant child's: the child's first pool asks
    ``os.waitpid`` whether that server still runs and gets ``ChildProcessError``.
    Every test that starts a pool then failed, so every mutant with such a test
    was reported killed, known equivalents too. Forgetting the server makes the
    child start its own, with the mutant named in its environment.
    """
    from multiprocessing import forkserver

    def forget() -> None:
        server = forkserver._forkserver
        if server._forkserver_pid is None:
            return
        try:
            os.close(server._forkserver_alive_fd)  # the parent's server ends when the parent lets it go
        except OSError:
            pass
        server._forkserver_address = server._forkserver_alive_fd = server._forkserver_pid = None

    os.register_at_fork(after_in_child=forget)


class _InProcessPool:
    """Stands in for a reader pool under mutmut: reads in the test process, so mutmut sees the readers.

    mutmut maps a test to the functions it saw the test call, and it sees only
    the test process. Read in a worker, ``load/word.py``, ``load/layout.py``
    and ``load/pdf.py`` would be credited to no test that reads a file through
    ``validate`` or the web intake, and their mutants would be tried against
    too few tests. The library code around the pool (result unpacking, errors
    translated to Norwegian, the pool replaced after a timeout) still runs.
    """

    class _Done:
        def __init__(self, func, args):
            import time

            started = time.perf_counter()
            self.value = func(*args)
            self.seconds = time.perf_counter() - started

        def get(self, timeout=None):
            import multiprocessing

            if timeout is not None and self.seconds > timeout:  # what the pool's time limit would have stopped
                raise multiprocessing.TimeoutError
            return self.value

        def ready(self) -> bool:
            return True

    broken = False  # no worker to die
    _cache: dict = {}  # nothing outstanding

    def apply_async(self, func, args=()):
        return self._Done(func, args)

    def read_async(self, path, number):
        from kvkdocs.load.isolated import _read

        return self._Done(_read, (path, number))

    def close(self) -> None:
        pass

    terminate = close
    join = close
    retry_outstanding = close  # every task was answered when it was given: none waits


def _readers_run_in_process() -> None:
    """Under mutmut, Word and PDF files are read in the test process (see :class:`_InProcessPool`)."""
    from kvkdocs.load import isolated

    def get_pool(self, paths=()):
        if self._pool is None:
            self._pool = _InProcessPool()
        return self._pool

    isolated.IsolatedReader._real_get_pool = isolated.IsolatedReader._get_pool
    isolated.IsolatedReader._get_pool = get_pool


@pytest.fixture(autouse=True)
def _worker_processes_when_asked(request, monkeypatch):
    """A test marked ``worker_processes`` checks the reader workers themselves: it gets them under mutmut too."""
    if "MUTANT_UNDER_TEST" in os.environ and request.node.get_closest_marker("worker_processes"):
        from kvkdocs.load import isolated

        monkeypatch.setattr(isolated.IsolatedReader, "_get_pool", isolated.IsolatedReader._real_get_pool)


if "MUTANT_UNDER_TEST" in os.environ:
    _main_module_workers_can_import()
    _workers_know_mutmuts_configuration()
    _forked_tests_start_their_own_fork_server()
    _readers_run_in_process()


def shared(fixture_name, config):
    """Scope for a fixture built once per module that several tests read from.

    While mutmut maps tests to code (``MUTANT_UNDER_TEST=stats``), the code a
    fixture runs is credited only to the test that built it; a mutant in that
    code would then be tried against that one test, not the others that check
    what the fixture made. So while mapping, the fixture is built per test.
    """
    return "function" if os.environ.get("MUTANT_UNDER_TEST") == "stats" else "module"


def pytest_collection_modifyitems(items):
    if "MUTANT_UNDER_TEST" in os.environ:
        items.sort(key=_mutation_order())


def _mutation_order():
    """Test files whose tests ran fastest on average when mutmut timed them first, each in file order.

    A mutant is killed by its first failing test, and most are killed by a quick
    unit test; a surviving mutant runs them all either way.
    """
    import json

    seconds: dict[str, list[float]] = {}
    try:  # mutmut runs the tests in its mutants/ folder, beside its timings
        timings = json.loads(Path("mutmut-stats.json").read_text(encoding="utf-8"))["duration_by_test"]
    except (OSError, ValueError, KeyError):
        timings = {}
    for test, duration in timings.items():
        seconds.setdefault(test.split("::")[0], []).append(duration)
    mean = {file: sum(durations) / len(durations) for file, durations in seconds.items()}
    return lambda item: (mean.get(item.nodeid.split("::")[0], 0.0), str(item.path), item.location[1])
