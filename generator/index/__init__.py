"""Linking the corpus: the graph of ids and references, the concepts index, notes, reading order."""
