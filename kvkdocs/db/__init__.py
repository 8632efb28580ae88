"""The database layer of the web application: models, migrations, file store, accounts.

It knows nothing of the web (``kvkdocs.web`` imports it, never the other way
round); every function takes the engine, session or folder it works on, so
that no module keeps a connection pool in a global.
"""
