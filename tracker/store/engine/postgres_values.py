"""Values over a PostgreSQL connection as SQLite gives and takes them, so the store's code reads
the same on both engines: booleans and whole numerics come back as int, other numerics as float;
a bool parameter is stored as 0/1, a date as its ISO text, every int as bigint. Registered on
each connection PgConnection (postgres_connection.py) makes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
from psycopg.adapt import Dumper, Loader


class _BoolAsInt(Loader):
    def load(self, data: Any) -> int:
        return 1 if bytes(data) == b"t" else 0


class _NumericAsNumber(Loader):
    """SUM over integers is numeric in PostgreSQL and an integer in SQLite; AVG a float."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        return int(text) if text.lstrip("-").isdigit() else float(text)


class _BoolAsIntDumper(Dumper):
    """0 or 1 of unknown type: an integer column (the schema's flags) and a boolean both take it."""

    oid = 0

    def dump(self, obj: Any) -> bytes:
        return b"1" if obj else b"0"


class _IsoTextDumper(Dumper):
    """A date as sqlite3's adapter stores it: its ISO text (a datetime with a space)."""

    oid = psycopg.adapters.types["text"].oid

    def dump(self, obj: Any) -> bytes:
        text = obj.isoformat(" ") if isinstance(obj, dt.datetime) else obj.isoformat()
        return str(text).encode()


class _IntAsBigint(Dumper):
    """Every int as bigint (SQLite's integers are 64-bit): psycopg would pick the smallest
    type that holds the value, and `WITH RECURSIVE t(id) AS (SELECT ? UNION SELECT t.id ...)`
    then meets smallint and bigint in one column."""

    oid = psycopg.adapters.types["int8"].oid

    def dump(self, obj: Any) -> bytes:
        return str(int(obj)).encode()

    def quote(self, obj: Any) -> bytes:
        text = self.dump(obj)
        return text if obj >= 0 else b" " + text


def adapt_values_as_sqlite_does(raw: psycopg.Connection[Any]) -> None:
    raw.adapters.register_dumper(int, _IntAsBigint)
    raw.adapters.register_loader("bool", _BoolAsInt)
    raw.adapters.register_loader("numeric", _NumericAsNumber)
    raw.adapters.register_dumper(bool, _BoolAsIntDumper)
    raw.adapters.register_dumper(dt.date, _IsoTextDumper)
    raw.adapters.register_dumper(dt.datetime, _IsoTextDumper)
