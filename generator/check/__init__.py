"""Checking content: every problem of every file at once, as path:line: message."""
