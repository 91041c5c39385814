"""The workspace on a PostgreSQL server: the same store, the few differences of the engine kept here.

The schema comes from the same migration steps as a file (`postgres_ddl`, `postgres_schema`).
"""
