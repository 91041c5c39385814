"""A workspace is a file or a server: telling them apart, and reading a server's address.

A shared workspace lives in a PostgreSQL database and is named by a libpq address:
``postgresql://[user[:password]@][host][:port]/database[?option=value&...]`` (also
``postgres://``), or libpq's socket form ``postgresql://user@/database?host=/run/postgresql``.
Anything else a WORKSPACE argument holds is a file path.

The address is checked here, before any connection, so a typo gets one line naming what is
wrong rather than a driver's message. Its display form (``display()``) never holds the
password: that form is what settings, the recent list, titles and messages show. A password
typed into an address still works for the one connection it was typed for; whoever saves the
address drops it (``without_password``) and tells the user the keyring keeps passwords.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

SCHEMES = ("postgresql://", "postgres://")
DEFAULT_PORT = 5432
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")

#: The connection options an address may carry besides host, port, user and database: TLS and
#: the few a desk may need. libpq knows more; one we do not expect is more likely a typo.
OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl", "connect_timeout", "application_name")


class AddressError(ValueError):
    """A server address that cannot be used; the message says what is wrong, in one line."""


@dataclass(frozen=True)
class ServerAddress:
    """A PostgreSQL database holding a shared workspace. ``host`` is a name, an IP address or
    (starting with "/") the folder of the server's Unix socket; None leaves libpq's default."""

    database: str
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # never in a log line
    options: tuple[tuple[str, str], ...] = ()

    @property
    def sslmode(self) -> str | None:
        return dict(self.options).get("sslmode")

    def option(self, name: str) -> str | None:
        return dict(self.options).get(name)

    def effective_user(self) -> str:
        """The user the server is asked to accept: the address's, else libpq's default (PGUSER,
        else this computer's login name)."""
        return self.user or os.environ.get("PGUSER") or getpass.getuser()

    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        env = os.environ.get("PGPORT", "")
        return int(env) if env.isdigit() else DEFAULT_PORT

    def server_text(self) -> str:
        """Where the server is, for messages: "db.example.com:5432" or the socket's folder."""
        host = self.host or os.environ.get("PGHOST") or "localhost"
        if host.startswith("/"):
            return f"the socket in {host}"
        return f"{host}:{self.effective_port()}"

    def credential_key(self) -> str:
        """The name of this address's password in the keyring: ``user@host:port/database``."""
        host = self.host or os.environ.get("PGHOST") or "localhost"
        return f"{self.effective_user()}@{host}:{self.effective_port()}/{self.database}"

    def without_password(self) -> ServerAddress:
        return replace(self, password=None)

    def display(self) -> str:
        """The address without its password, in the form `parse_address` reads back."""
        user = quote(self.user, safe="") + "@" if self.user else ""
        query = list(self.options)
        host = ""
        if self.host and self.host.startswith("/"):
            query.insert(0, ("host", self.host))  # a socket folder goes in the query, as libpq writes it
            if self.port is not None:
                query.insert(1, ("port", str(self.port)))
        else:
            host = f"[{self.host}]" if self.host and ":" in self.host else (self.host or "")
            host += f":{self.port}" if self.port is not None else ""
        text = f"postgresql://{user}{host}/{quote(self.database, safe='')}"
        if query:
            text += "?" + "&".join(f"{k}={quote(v, safe='/:')}" for k, v in query)
        return text

    def title(self) -> str:
        """A short name for window titles and lists: "rollouts on db.example.com"."""
        host = self.host or "localhost"
        return f"{self.database} on {'this computer' if host.startswith('/') else host}"

    def connection_arguments(self, password: str | None = None) -> dict[str, str]:
        """What psycopg.connect() takes as keywords. ``password`` (from the keyring) is given
        only when found; without it libpq looks for PGPASSWORD and the pgpass file itself."""
        arguments: dict[str, str] = {"dbname": self.database}
        if self.host:
            arguments["host"] = self.host
        if self.port is not None:
            arguments["port"] = str(self.port)
        if self.user:
            arguments["user"] = self.user
        secret = self.password if self.password is not None else password
        if secret is not None:
            arguments["password"] = secret
        arguments.update(self.options)
        return arguments


def is_server_address(text: str | os.PathLike[str]) -> bool:
    """Whether a WORKSPACE argument names a server rather than a file."""
    return isinstance(text, str) and text.strip().lower().startswith(SCHEMES)


def workspace_target(text: str | os.PathLike[str]) -> Path | ServerAddress:
    """A WORKSPACE argument as what it names: a file path, or a checked server address
    (raises AddressError when the address is not usable)."""
    if isinstance(text, ServerAddress):
        return text
    if is_server_address(text):
        return parse_address(str(text))
    return Path(text)


def parse_address(text: str) -> ServerAddress:
    """Read a ``postgresql://`` address; AddressError names what is wrong with it."""
    text = text.strip()
    if not is_server_address(text):
        raise AddressError(f"{text!r} is not a server address: it starts with postgresql://")
    try:
        parts = urlsplit(text)
        netloc_port = parts.port
    except ValueError as e:
        raise AddressError(f"the port in {_shown(text)} is not a number from 1 to 65535") from e
    if parts.fragment:
        raise AddressError(f"{_shown(text)} holds a '#': write it as %23 inside a password or name")
    host = unquote(parts.hostname or "") or None
    if "," in parts.netloc:
        raise AddressError(f"{_shown(text)} names several servers; give one")
    database = unquote(parts.path.lstrip("/"))
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    port = netloc_port
    options: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key in options or (key == "host" and host) or (key == "port" and port is not None):
            raise AddressError(f"{_shown(text)} gives {key} twice")
        if key == "host":
            host = value or None
        elif key == "port":
            port = _port(value, text)
        elif key in ("dbname", "user", "password"):
            if key == "dbname" and database:
                raise AddressError(f"{_shown(text)} gives the database twice")
            database = value if key == "dbname" else database
            user = value if key == "user" else user
            password = value if key == "password" else password
        elif key in OPTIONS:
            options[key] = value
        else:
            raise AddressError(f"{_shown(text)}: unknown option {key!r} (known: host, port, "
                               f"{', '.join(OPTIONS)})")
    if not database:
        raise AddressError(f"{_shown(text)} has no database name: add it after the server, "
                           "e.g. postgresql://db.example.com/rollouts")
    if "/" in database:
        raise AddressError(f"{_shown(text)}: the database name {database!r} holds a '/'")
    sslmode = options.get("sslmode")
    if sslmode is not None and sslmode not in SSL_MODES:
        raise AddressError(f"sslmode {sslmode!r} is not one of {', '.join(SSL_MODES)}")
    timeout = options.get("connect_timeout")
    if timeout is not None and not timeout.isdigit():
        raise AddressError(f"connect_timeout {timeout!r} is not a number of seconds")
    if port is not None and not 1 <= port <= 65535:
        raise AddressError(f"the port in {_shown(text)} is not a number from 1 to 65535")
    return ServerAddress(database=database, host=host, port=port, user=user or None, password=password,
                         options=tuple(options.items()))


def for_settings(address: ServerAddress) -> tuple[str, bool]:
    """The form settings keep (no password), and whether a password was dropped to get it: the
    caller then tells the user the keyring keeps passwords (credentials.remember_password)."""
    return address.display(), address.password is not None


def _port(value: str, text: str) -> int:
    if not value.isdigit():
        raise AddressError(f"the port in {_shown(text)} is not a number from 1 to 65535")
    return int(value)


def _shown(text: str) -> str:
    """The address for a message, its password (if any) replaced: messages end up in logs."""
    try:
        parts = urlsplit(text)
        if parts.password is not None:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
            text = parts._replace(netloc=netloc).geturl()
    except ValueError:
        pass
    return text
