"""The reader's core: loading, documents, outlines, plain text. Never imports Textual."""
