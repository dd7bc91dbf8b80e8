"""Word (.docx) import: a Word thesis read through pandoc, with passes of our own where pandoc falls short."""
