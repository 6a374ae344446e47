"""Book: what the pages show (views, tables, charts, one module per chapter), the Sphinx
extension and the book build. Depends on ``text``, ``inputs`` and ``scale``; knows nothing of Papermill."""
