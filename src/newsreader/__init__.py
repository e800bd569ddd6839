"""newsreader: a terminal reader for local Jekyll archives of news posts."""

__version__ = "0.1.0"
