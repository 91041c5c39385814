"""The migration steps' SQLite DDL, run on PostgreSQL: a translation of each statement, and the
step database the steps run against there.

The steps (tracker/store/schema_*.py) are written once, in SQLite's SQL, and stay the record of
what a workspace holds; a server gets the same tables from them through `PostgresStepDatabase`,
whose `execute` translates each statement:

- types: INTEGER -> bigint, REAL -> double precision, TEXT -> text COLLATE "C" (SQLite compares
  text byte by byte, whatever the server's locale), TEXT COLLATE NOCASE -> citext COLLATE "C"
  (case-insensitive; citext folds case by the database's locale, so beyond ASCII too, where
  SQLite's NOCASE folds only A-Z);
- `id INTEGER PRIMARY KEY [AUTOINCREMENT]` -> an identity column (a server never gives an id
  twice, like AUTOINCREMENT); other one-column INTEGER keys (`adoption_stale.rollout_id`) hold
  another table's id and stay plain keys;
- CHECK expressions: `date(x)` -> `tracker_date(x)`, `json_valid(x)` -> `tracker_json_valid(x)`
  (functions `postgres_schema` creates, answering as SQLite does), `x GLOB 'p'` -> a regular
  expression; any other SQLite-only function is refused here rather than failing on the server;
- foreign keys: added once the step's tables all exist (`finish_step`), since a table may refer
  to one made after it (teams.lead_id -> people);
- `WITHOUT ROWID` dropped; column names quoted (`changes.user` is a reserved word there);
- `PRAGMA application_id` (the file's mark) skipped: `tracker_migrations` marks a server.

Triggers are not translated: a step gives PostgreSQL bodies of its own (chosen by `dialect`),
and a SQLite `CREATE TRIGGER` arriving here is refused. Statements written for PostgreSQL
(`CREATE FUNCTION`, a trigger that `EXECUTE`s one) pass unchanged; rows the steps insert
(`INSERT ... VALUES (?, ?)`) get psycopg's placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

#: One token: a string literal, a quoted name, a word, a number, spaces, or one character.
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|\w+|\s+|<>|!=|<=|>=|\|\||.""", re.DOTALL)

_TYPES = {"INTEGER": "bigint", "INT": "bigint", "REAL": "double precision", "TEXT": 'text COLLATE "C"'}
_NOCASE_TEXT = 'citext COLLATE "C"'

#: SQLite's functions in CHECK expressions, and theirs on the server (created by postgres_schema).
_FUNCTIONS = {"date": "tracker_date", "json_valid": "tracker_json_valid"}
#: SQLite-only functions with no translation here yet: refused by name, not left to the server.
_UNTRANSLATED = frozenset({"datetime", "time", "strftime", "julianday", "unixepoch", "json_each",
                           "json_extract", "group_concat", "ifnull", "instr", "printf", "likely",
                           "typeof", "total", "randomblob", "hex", "zeroblob", "iif"})


class TranslationError(ValueError):
    """A statement of a migration step this translator cannot carry to PostgreSQL."""


def tokens(sql: str) -> list[str]:
    return _TOKEN.findall(sql)


def _words(sql: str) -> list[str]:
    """The tokens that are not spaces."""
    return [t for t in tokens(sql) if not t.isspace()]


def _upper(token: str) -> str:
    return token.upper() if token[:1] not in ("'", '"') else token


def quote_name(name: str) -> str:
    """A name quoted for PostgreSQL (already-quoted names are kept)."""
    if name.startswith('"'):
        return name
    return '"' + name.lower() + '"'


def _join(words: Sequence[str]) -> str:
    """Words back into SQL: spaced, but none inside brackets, before commas or after a function's
    name (a lower-case word: the steps write keywords in capitals)."""
    out, previous = "", ""
    for word in words:
        call = word == "(" and previous[:1].isalpha() and previous.islower()
        if out and not (out.endswith(("(", ".")) or word in (")", ",", ".") or call):
            out += " "
        out += word
        previous = word
    return out


def _glob_regex(literal: str) -> str:
    """A GLOB pattern ('...') as an anchored POSIX regular expression literal."""
    pattern = literal[1:-1].replace("''", "'")
    out, i = "^", 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out += ".*"
        elif char == "?":
            out += "."
        elif char == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                raise TranslationError(f"GLOB pattern {literal} has an unclosed '['")
            out += pattern[i:end + 1]
            i = end
        else:
            out += re.escape(char)
        i += 1
    return "'" + (out + "$").replace("'", "''") + "'"


def expression(words: Sequence[str]) -> list[str]:
    """A SQLite expression (CHECK, partial index WHERE) in PostgreSQL's words."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        lowered = word.lower()
        if following == "(" and lowered in _FUNCTIONS:
            out.append(_FUNCTIONS[lowered])
        elif following == "(" and lowered in _UNTRANSLATED:
            raise TranslationError(f"the SQLite function {word}() has no PostgreSQL translation here")
        elif word.upper() == "GLOB":
            if not following.startswith("'"):
                raise TranslationError("GLOB is translated only with a literal pattern")
            out.extend(["~", _glob_regex(following)])
            i += 1
        else:
            out.append(word)
        i += 1
    return out


def _bracketed(words: Sequence[str], start: int) -> int:
    """The index just past the bracket that closes the one at ``words[start]``."""
    depth = 0
    for i in range(start, len(words)):
        if words[i] == "(":
            depth += 1
        elif words[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    raise TranslationError("unbalanced brackets in " + _join(words))


def _split_top(words: Sequence[str]) -> Iterator[list[str]]:
    """``words`` split at the commas outside brackets."""
    depth = 0
    part: list[str] = []
    for word in words:
        if word == "," and depth == 0:
            yield part
            part = []
            continue
        depth += (word == "(") - (word == ")")
        part.append(word)
    if part:
        yield part


def _names(words: Sequence[str]) -> str:
    """A bracketed list of column names, quoted: ``(a, b)``."""
    return "(" + ", ".join(quote_name(w[0]) for w in _split_top(words[1:-1])) + ")"


class _Table:
    """What translating one table's definition leaves for later: its foreign keys."""

    def __init__(self, name: str):
        self.name = name
        self.foreign_keys: list[str] = []

    def reference(self, columns: str, words: Sequence[str], start: int) -> int:
        """Take the REFERENCES clause at ``words[start]``; returns the index past it."""
        target = quote_name(words[start + 1])
        end = start + 2
        parent_columns = ""
        if end < len(words) and words[end] == "(":
            close = _bracketed(words, end)
            parent_columns = " " + _names(words[end:close])
            end = close
        actions = []
        while end + 1 < len(words) and words[end].upper() == "ON":
            action_end = end + 3
            if words[end + 2].upper() in ("SET", "NO"):
                action_end += 1
            actions.append(" ".join(w.upper() for w in words[end:action_end]))
            end = action_end
        tail = "".join(" " + a for a in actions)
        self.foreign_keys.append(f"ALTER TABLE {quote_name(self.name)} ADD FOREIGN KEY {columns} "
                                 f"REFERENCES {target}{parent_columns}{tail}")
        return end

    def column(self, words: Sequence[str]) -> str:
        """One column definition."""
        name = quote_name(words[0])
        declared = words[1].upper() if len(words) > 1 else ""
        if declared not in _TYPES:
            raise TranslationError(f"column {words[0]} of {self.name}: no PostgreSQL type for '{declared}'")
        rest = list(words[2:])
        upper = [_upper(w) for w in rest]
        nocase = False
        out: list[str] = []
        i = 0
        while i < len(rest):
            if upper[i] == "COLLATE":
                collation = upper[i + 1]
                if collation not in ("NOCASE", "BINARY"):
                    raise TranslationError(f"column {words[0]} of {self.name}: collation {rest[i + 1]}")
                nocase = nocase or collation == "NOCASE"
                i += 2
            elif upper[i] == "AUTOINCREMENT":
                i += 1
            elif upper[i] == "REFERENCES":
                i = self.reference(f"({name})", rest, i)
            else:
                out.append(rest[i])
                i += 1
        identity = (declared in ("INTEGER", "INT") and words[0].lower() == "id"
                    and "PRIMARY" in upper)
        if identity:
            kind = "bigint GENERATED BY DEFAULT AS IDENTITY"
        elif nocase:
            if declared != "TEXT":
                raise TranslationError(f"column {words[0]} of {self.name}: NOCASE on a {declared} column")
            kind = _NOCASE_TEXT
        else:
            kind = _TYPES[declared]
        return _join([name, kind, *expression(out)])  # CHECK and DEFAULT expressions

    def constraint(self, words: Sequence[str]) -> str | None:
        """One table constraint; None for a foreign key (kept for ``finish_step``)."""
        keyword = words[0].upper()
        if keyword in ("UNIQUE", "PRIMARY"):
            start = words.index("(")
            return " ".join(w.upper() for w in words[:start]) + " " + _names(words[start:_bracketed(words, start)])
        if keyword == "CHECK":
            return _join(["CHECK", *expression(words[1:])])
        if keyword == "FOREIGN":
            end = _bracketed(words, 2)
            self.reference(_names(words[2:end]), words, end)
            return None
        raise TranslationError(f"table {self.name}: no translation for the constraint {_join(words)}")


_CONSTRAINTS = frozenset({"UNIQUE", "PRIMARY", "CHECK", "FOREIGN", "CONSTRAINT"})


def create_table(words: Sequence[str]) -> tuple[str, list[str]]:
    """``CREATE TABLE name (...) [WITHOUT ROWID]``: the PostgreSQL statement and its foreign keys."""
    start = words.index("(")
    head = [w.upper() for w in words[:start]]
    if head[:2] != ["CREATE", "TABLE"] or len(head) not in (3, 6):
        raise TranslationError("not a plain CREATE TABLE: " + _join(words[:start]))
    table = _Table(words[start - 1])
    end = _bracketed(words, start)
    trailer = [w.upper() for w in words[end:]]
    if trailer not in ([], ["WITHOUT", "ROWID"]):
        raise TranslationError(f"table {table.name}: no translation for {' '.join(trailer)}")
    parts = []
    for element in _split_top(words[start + 1:end - 1]):
        if element[0].upper() in _CONSTRAINTS:
            constraint = table.constraint(element)
            if constraint is not None:
                parts.append(constraint)
        else:
            parts.append(table.column(element))
    exists = " IF NOT EXISTS" if len(head) == 6 else ""
    return (f"CREATE TABLE{exists} {quote_name(table.name)} (\n    " + ",\n    ".join(parts) + "\n)",
            table.foreign_keys)


def create_index(words: Sequence[str]) -> str:
    """``CREATE [UNIQUE] INDEX name ON table (columns) [WHERE expression]``."""
    upper = [_upper(w) for w in words]
    on = upper.index("ON")
    head = " ".join(upper[:on - 1])
    if head not in ("CREATE INDEX", "CREATE UNIQUE INDEX"):
        raise TranslationError("not a plain CREATE INDEX: " + _join(words[:on]))
    start = on + 2
    end = _bracketed(words, start)
    columns = []
    for column in _split_top(words[start + 1:end - 1]):
        if len(column) > 2 or (len(column) == 2 and column[1].upper() not in ("ASC", "DESC")):
            raise TranslationError(f"index {words[on - 1]}: only plain columns are translated")
        columns.append(" ".join([quote_name(column[0]), *(w.upper() for w in column[1:])]))
    sql = f"{head} {quote_name(words[on - 1])} ON {quote_name(words[on + 1])} ({', '.join(columns)})"
    if end < len(words):
        if upper[end] != "WHERE":
            raise TranslationError(f"index {words[on - 1]}: no translation for {_join(words[end:])}")
        sql += " WHERE " + _join(expression(words[end + 1:]))
    return sql


def add_column(words: Sequence[str]) -> tuple[str, list[str]]:
    """``ALTER TABLE t ADD [COLUMN] definition``: the statement and the column's foreign key."""
    table = _Table(words[2])
    start = 5 if words[4].upper() == "COLUMN" else 4
    return (f"ALTER TABLE {quote_name(table.name)} ADD COLUMN {table.column(words[start:])}",
            table.foreign_keys)


def placeholders(sql: str) -> str:
    """SQLite's ``?`` as psycopg's ``%s`` (and a literal ``%`` doubled), outside literals."""
    return "".join("%s" if t == "?" else "%%" if t == "%" else t for t in tokens(sql))


_DATA = frozenset({"INSERT", "UPDATE", "DELETE", "SELECT", "WITH"})


def is_postgres_native(sql: str) -> bool:
    """A statement a step wrote for PostgreSQL itself: a function, or a trigger calling one."""
    head = " ".join(w.upper() for w in _words(sql)[:5])
    return (head.startswith(("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
            or (head.startswith("CREATE TRIGGER") and "EXECUTE FUNCTION" in sql.upper()))


def translate(sql: str) -> tuple[str | None, list[str]]:
    """One step statement for PostgreSQL: (statement or None to skip, foreign keys to add later).

    Raises TranslationError for what has no translation, naming the statement."""
    if is_postgres_native(sql):
        return sql, []
    words = _words(sql)
    if not words:
        return None, []
    first = words[0].upper()
    second = words[1].upper() if len(words) > 1 else ""
    if first in _DATA:
        return sql, []  # placeholders are translated with the parameters (execute)
    if first == "PRAGMA":
        if second == "APPLICATION_ID":
            return None, []  # the mark of a SQLite file; tracker_migrations marks a server
        raise TranslationError(f"PRAGMA {words[1]} has no meaning on PostgreSQL")
    if first == "CREATE" and second == "TABLE":
        return create_table(words)
    if first == "CREATE" and second in ("INDEX", "UNIQUE"):
        return create_index(words), []
    if first == "ALTER" and second == "TABLE" and len(words) > 4 and words[3].upper() == "ADD":
        return add_column(words)
    if first == "DROP" and second == "TABLE":
        exists = [w.upper() for w in words[2:4]] == ["IF", "EXISTS"]
        return f"DROP TABLE {'IF EXISTS ' if exists else ''}{quote_name(words[4 if exists else 2])}", []
    if (first == "ALTER" and second == "TABLE" and len(words) == 6
            and [w.upper() for w in words[3:5]] == ["RENAME", "TO"]):
        return f"ALTER TABLE {quote_name(words[2])} RENAME TO {quote_name(words[5])}", []
    if first == "CREATE" and second == "TRIGGER":
        raise TranslationError(f"the SQLite trigger {words[2]} reached PostgreSQL: its step must give "
                               "a PostgreSQL body when db.dialect is 'postgresql'")
    raise TranslationError("no PostgreSQL translation for: " + " ".join(sql.split())[:80])


class PostgresStepDatabase:
    """What a migration step takes as ``db`` on PostgreSQL: ``execute`` (translated), ``dialect``.

    ``conn`` is this object again, for the one step that hands its database's connection to the
    store (m007 counts what training modules exist, a query that needs no translation).
    Foreign keys wait in ``pending_foreign_keys`` until ``finish_step``."""

    dialect = "postgresql"

    def __init__(self, connection: psycopg.Connection[Any]):
        self.connection = connection
        self.pending_foreign_keys: list[str] = []

    @property
    def conn(self) -> PostgresStepDatabase:
        return self

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> psycopg.Cursor[Any]:
        statement, foreign_keys = translate(sql)
        if statement is not None and (statement.startswith("DROP TABLE") or " RENAME TO " in statement):
            # A step that rebuilds a table (SQLite cannot alter a CHECK) creates the new one, copies,
            # drops the old and renames: the new table's keys go on while it still has its name.
            self.finish_step()
        self.pending_foreign_keys.extend(foreign_keys)
        cursor = self.connection.cursor()
        if statement is not None and params:
            cursor.execute(placeholders(statement), params)
        elif statement is not None:
            cursor.execute(statement)  # without parameters psycopg reads '%' as itself
        return cursor

    def finish_step(self) -> None:
        """Add the foreign keys of the step's tables, now that every table they name exists."""
        for statement in self.pending_foreign_keys:
            self.connection.execute(statement)
        self.pending_foreign_keys.clear()
