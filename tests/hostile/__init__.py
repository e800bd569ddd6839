"""Tests that attack the reader with a hostile archive or a hostile file system."""
