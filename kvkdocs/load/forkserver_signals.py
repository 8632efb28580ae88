"""Preloaded by the fork server, first: the workers it forks are born ignoring Ctrl+C.

A terminal sends SIGINT to the whole process group, the fork server's
workers too. The server ignores it itself, but gives each worker back the
handlers it had before its preloads, so a worker would die of a Ctrl+C
before its pool's initializer (``isolated._limit_worker``) could ignore it,
printing a traceback and leaving its task lost. Imported in the server
before it saves those handlers, this makes the one it saves "ignore".
Anywhere else (a process that imported it by mistake), it does nothing.
"""

from __future__ import annotations

import signal
import sys
import threading


def _in_fork_server() -> bool:
    return (sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules
            and threading.current_thread() is threading.main_thread())


if _in_fork_server():
    signal.signal(signal.SIGINT, signal.SIG_IGN)
