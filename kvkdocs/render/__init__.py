"""Writing Word documents from docxtpl templates, fast and safely.

:mod:`.docx` compiles a template once and renders many documents from it;
:mod:`.ziputil` writes each result as a ZIP with fixed timestamps, copying
the parts that did not change; :mod:`.pdf` converts a batch with LibreOffice.
"""
