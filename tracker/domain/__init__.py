"""Plain dataclasses, enums and pure functions: no Qt, no SQL. Most tests live here."""
