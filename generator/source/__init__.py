"""Reading a project: the records' models, YAML and BibTeX loading, the corpus, citation syntax, package data."""
