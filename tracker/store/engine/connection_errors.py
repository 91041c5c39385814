"""A failed connection to a shared workspace's server, said in words a user can act on.

libpq's messages name sockets, pg_hba.conf and FATAL levels over several lines. The command
line and the window show one sentence instead: what failed (unreachable, no such database, no
such user, password refused, TLS), where, and what to try. The original text stays on the
error (``detail``) for the log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from tracker.store.engine.address import ServerAddress
from tracker.store.engine.credentials import Credential
from tracker.store.errors import WorkspaceError


class ServerConnectionError(WorkspaceError):
    """The server of a shared workspace could not be reached or refused us; ``reason`` is one
    of the REASONS below, ``detail`` the driver's own message."""

    def __init__(self, message: str, reason: str, detail: str = ""):
        super().__init__(message)
        self.reason = reason
        self.detail = detail


UNREACHABLE, NO_DATABASE, NO_USER, AUTHENTICATION, NOT_ALLOWED, TLS, BUSY, OTHER = (
    "unreachable", "no-database", "no-user", "authentication", "not-allowed", "tls", "busy", "other")


def _quoted(pattern: str, text: str) -> str | None:
    found = re.search(pattern, text)
    return found.group(1) if found else None


def explain(error: BaseException, address: ServerAddress, credential: Credential | None = None) -> ServerConnectionError:
    """The one-line error for ``error`` (psycopg's OperationalError, or an OSError below it)
    raised while connecting to ``address``."""
    detail = " ".join(str(error).split())
    text = detail.lower()
    where = address.server_text()
    user = address.effective_user()
    db = address.database
    source = credential.source if credential is not None else None

    def made(message: str, reason: str) -> ServerConnectionError:
        return ServerConnectionError(message, reason, detail)

    if "does not exist" in text and "database" in text and "role" not in text:
        return made(f"The server at {where} has no database {db!r}: check the name, or ask its "
                    "administrator to create it.", NO_DATABASE)
    if re.search(r'role "[^"]*" does not exist', text):
        return made(f"The server at {where} has no user {user!r}: check the user name.", NO_USER)
    if "password authentication failed" in text or "authentication failed" in text:
        tried = f" ({source})" if source else ""
        return made(f"The server at {where} refused the password of {user!r}{tried}: type it again, "
                    "or ask its administrator.", AUTHENTICATION)
    if "no password supplied" in text or "password is required" in text:
        return made(f"The server at {where} asks {user!r} for a password, and none was found in the "
                    "system keyring, PGPASSWORD or a pgpass file: give it when connecting.", AUTHENTICATION)
    if "no pg_hba.conf entry" in text:
        return made(f"The server at {where} does not accept {user!r} on database {db!r} from this "
                    "computer (or without TLS): ask its administrator.", NOT_ALLOWED)
    if "permission denied for database" in text or "connect privilege" in text:
        return made(f"{user!r} may not connect to database {db!r} at {where}: ask its administrator.",
                    NOT_ALLOWED)
    tls = _tls_problem(text, detail)
    if tls is not None:
        return made(f"The secure connection to {where} failed: {tls}.", TLS)
    if "too many clients" in text or "starting up" in text or "shutting down" in text or "recovery" in text:
        return made(f"The server at {where} is busy or restarting: try again in a moment.", BUSY)
    if ("failed to resolve host" in text or "could not translate host name" in text
            or "name or service not known" in text):
        return made(f"The server name {address.host!r} is not known here: check it.", UNREACHABLE)
    if ("connection refused" in text or "no such file or directory" in text or "timeout expired" in text
            or "timed out" in text or "no route to host" in text or "network is unreachable" in text
            or "connection is bad" in text):
        return made(f"The server at {where} cannot be reached: check the address, and that "
                    "PostgreSQL runs there and accepts connections from this computer.", UNREACHABLE)
    first = detail.split(": FATAL: ")[-1].split(" DETAIL:")[0] if detail else type(error).__name__
    return made(f"The shared workspace at {where} could not be opened: {first}.".replace("..", "."), OTHER)


def _tls_problem(text: str, detail: str) -> str | None:
    if "does not support ssl" in text:
        return "the server does not offer TLS, which the address requires (sslmode)"
    missing = _quoted(r'root certificate file "([^"]*)" does not exist', detail)
    if missing is not None:
        return f"the root certificate file {missing} does not exist (sslrootcert)"
    if "certificate verify failed" in text:
        return "the server's certificate is not signed by the authority named in sslrootcert"
    if "does not match host name" in text:
        return "the server's certificate is for another host name than the address's"
    if "ssl" in text and ("error" in text or "failed" in text):
        return "the TLS handshake did not succeed"
    return None


def connection_failure(error: BaseException) -> BaseException | None:
    """The driver's connection error behind ``error`` (psycopg's OperationalError, raised as is
    or as the cause of the sqlite3-shaped error the store's connection turns it into), or None
    when ``error`` is something else."""
    import psycopg

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, psycopg.OperationalError):
            return seen
        seen = seen.__cause__
    return None


@contextmanager
def failures_explained(address: ServerAddress) -> Iterator[None]:
    """Around an opening of ``address``: a connection failure leaves as ServerConnectionError."""
    try:
        yield
    except ServerConnectionError:
        raise
    except Exception as e:
        failure = connection_failure(e)
        if failure is None:
            raise
        from tracker.store.engine.credentials import find_password

        raise explain(failure, address, find_password(address)) from e
