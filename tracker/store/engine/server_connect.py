"""Connecting to a shared workspace's server: the password found, failures said in one line.

`connect` is the one place a psycopg connection to an address is made, so every opening (the
store's, the window's Test connection, push and pull) finds credentials the same way
(credentials.py) and fails with the same words (connection_errors.py). `check_server` is the
window's Test connection: it connects, asks a few facts and closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.store.engine.address import ServerAddress
from tracker.store.engine.connection_errors import explain
from tracker.store.engine.credentials import connection_arguments

if TYPE_CHECKING:
    import psycopg

#: Seconds to wait for a server that does not answer, unless the address sets connect_timeout.
CONNECT_TIMEOUT = 10


def connect(address: ServerAddress, *, password: str | None = None, **options: Any) -> psycopg.Connection[Any]:
    """A psycopg connection to ``address`` (``password``: one typed just now, tried first);
    raises ServerConnectionError with a sentence naming what failed."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    arguments, credential = connection_arguments(address)
    if password is not None:
        arguments["password"] = password
    arguments.setdefault("connect_timeout", str(CONNECT_TIMEOUT))
    try:
        return psycopg.connect(make_conninfo(**arguments), **options)
    except (psycopg.OperationalError, OSError) as e:
        raise explain(e, address, credential) from e


@dataclass(frozen=True)
class ServerFacts:
    """What Test connection reports: the server's version, who we are there, and whether the
    database holds a workspace already (else opening it creates one)."""

    version: str
    user: str
    holds_workspace: bool

    def summary(self, address: ServerAddress) -> str:
        what = ("It holds a shared workspace." if self.holds_workspace
                else "It is empty: opening it creates a new shared workspace there.")
        return f"Connected to {address.title()} as {self.user} (PostgreSQL {self.version}). {what}"


def check_server(address: ServerAddress, *, password: str | None = None) -> ServerFacts:
    """Connect, read the facts, close; raises ServerConnectionError when the connection fails."""
    with connect(address, password=password, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()
        user = conn.execute("SELECT current_user").fetchone()
        held = conn.execute("SELECT to_regclass('tracker_migrations') IS NOT NULL").fetchone()
    return ServerFacts(version=str(version[0]) if version else "?", user=str(user[0]) if user else "?",
                       holds_workspace=bool(held and held[0]))
