"""thesis-site: publish a thesis kept as YAML + BibTeX as a static website."""

__version__ = "0.1.0"
