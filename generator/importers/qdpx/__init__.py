"""REFI-QDA (QDPX) bridge: import coded projects from QDA tools, export the thesis as a project.

``archive`` reads an untrusted .qdpx safely, ``project`` parses and validates
project.qde against the shipped ``Project.xsd`` (REFI-QDA 1.0, MIT licence),
``importer`` maps it to content records, ``exporter`` writes the thesis.
See docs/qda.md for the mapping table.
"""
