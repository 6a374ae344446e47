"""Scale: corpora read one document at a time, the Dask executor, the Parquet dataset and its
aggregates. Depends on ``text`` and ``inputs``."""
