"""Imported by kvkdocs' fork server during a mutmut run only (see ``tests/conftest.py``).

A worker of kvkdocs' reader or letter pool is forked from a fork server, not
from the test process, and runs in the folder of the test that started it
(often a temporary one). The mutated code it imports asks mutmut for its
configuration, which mutmut reads from the folder it is in. Read here once,
in the folder mutmut runs the tests from (``KVKDOCS_MUTMUT_ROOT``), it is kept
in the fork server's memory, and every worker forked from it has it.
"""

import os

_root = os.environ.get("KVKDOCS_MUTMUT_ROOT")
if _root:
    from mutmut.configuration import config

    _here = os.getcwd()
    os.chdir(_root)
    try:
        config()
    finally:
        os.chdir(_here)
