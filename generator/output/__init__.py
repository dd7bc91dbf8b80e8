"""Writing the site: the MkDocs project, its plugin and hooks, the search index, link check."""
