"""A whole collection of published 决算 reports as one checked dataset (``juesuan corpus``).

- :mod:`.schema` — the Parquet tables ``documents``, ``findings`` and ``figures`` (versioned);
- :mod:`.analyse` — one file → its rows (a 汇编 split into its reports), reusing :mod:`juesuan.audit`;
- :mod:`.store` — the store directory: atomic batches, a manifest, resume by SHA-256;
- :mod:`.run` — the engines (``local`` process pool, ``dask``) with per-document time and memory limits;
- :mod:`.query`, :mod:`.report`, :mod:`.crosscheck`, :mod:`.fdp` — reading the store back.

Library modules only; the command line is :mod:`juesuan.cli.corpus`.
"""
