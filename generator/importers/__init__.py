"""Importers: bring what authors already have into a project (one family, one policy).

``archive`` opens an untrusted zip of XML (``.qdpx``, ``.docx``) and parses its XML
members safely; ``records`` is the imported-records policy (``content/imported/``,
hand-written records win, nothing written on error); ``qdpx`` reads (and writes)
REFI-QDA projects; ``docx`` reads Word theses.
"""
