"""The secretariat's web application (``kvkdocs serve``): pages over the same library as the CLI.

Nothing outside this package imports it; it imports the library and
:mod:`kvkdocs.db`.
"""
