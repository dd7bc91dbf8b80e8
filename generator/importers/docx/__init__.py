"""``thesis-site import docx``: a Word thesis (.docx) becomes a project (see ``importer``)."""
