"""The store's SQL, written once in SQLite's dialect, made to run on PostgreSQL.

The store has a few hundred statements; almost all of them are already standard SQL. This
translates the handful of differences, statement by statement (cached by text), so that each
query is still written once:

- placeholders: ``?`` -> ``%s``, ``:name`` -> ``%(name)s``, and a literal ``%`` doubled;
- ``INSERT OR IGNORE`` -> ``INSERT ... ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` is
  refused (its meaning depends on which constraint fails: write ``ON CONFLICT (...) DO
  UPDATE`` at the call site, which SQLite understands too);
- ``BEGIN IMMEDIATE`` -> ``BEGIN`` (PostgreSQL takes row locks as it writes);
- ``COLLATE NOCASE`` dropped: the schema makes such columns ``citext``, which compares and
  sorts without case by itself;
- functions: ``json_each(x)`` (over an array) -> ``json_array_elements_text``, ``json_extract(x,
  '$.key')`` -> ``->>``, ``group_concat`` -> ``string_agg``, two-argument ``max``/``min`` ->
  ``greatest``/``least``, ``instr`` -> ``strpos``, ``ifnull`` -> ``coalesce``, ``substr``'s
  position and length cast to integer (parameters go as bigint, which substr does not take),
  ``date(d, n || ' days')`` -> date arithmetic back to ISO text;
- the column ``user`` (changes.user) quoted: bare, PostgreSQL reads it as CURRENT_USER;
- SQLite's hints to its planner: ``CROSS JOIN t ON ...`` (a fixed join order) -> ``JOIN``,
  ``INDEXED BY i`` dropped;
- a subquery in FROM without a name gets one (``AS subquery_1``: PostgreSQL 15 requires it);
- ``LIKE`` -> ``ILIKE`` (SQLite's LIKE ignores ASCII case); ``CAST(x AS INTEGER/REAL)`` ->
  ``bigint``/``double precision`` (SQLite's integers are 64-bit and its reals double).

String literals and quoted names are never touched. Anything this cannot translate fails
loudly (UntranslatableSqlError) rather than running with another meaning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

__all__ = ["UntranslatableSqlError", "to_postgres"]


class UntranslatableSqlError(ValueError):
    """A statement whose SQLite meaning has no generic PostgreSQL form: fix its call site."""


_NAMED = re.compile(r":([A-Za-z_]\w*)")
_BEGIN = re.compile(r"^\s*BEGIN\s+(IMMEDIATE|DEFERRED|EXCLUSIVE)\b", re.IGNORECASE)
_OR_IGNORE = re.compile(r"\bINSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_OR_REPLACE = re.compile(r"\b(INSERT\s+OR\s+REPLACE|REPLACE\s+INTO)\b", re.IGNORECASE)
_NOCASE = re.compile(r"\s+COLLATE\s+NOCASE\b", re.IGNORECASE)
_CROSS_JOIN_ON = re.compile(r"\bCROSS\s+JOIN(\s+\w+(?:\s+(?:AS\s+)?(?!ON\b)\w+)?\s+ON\b)", re.IGNORECASE)
_INDEXED_BY = re.compile(r"\s+(INDEXED\s+BY\s+\w+|NOT\s+INDEXED)\b", re.IGNORECASE)
_LIKE = re.compile(r"\bLIKE\b", re.IGNORECASE)
_CAST_TYPES = re.compile(r"\bAS\s+(INTEGER|REAL)\s*\)", re.IGNORECASE)
_USER = re.compile(r"(?<!%\()\buser\b(?!\s*\()", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
_FUNCTION = re.compile(r"\b(json_each|json_extract|group_concat|max|min|instr|ifnull|substr|date)\s*\(", re.IGNORECASE)
_FROM_SUBQUERY = re.compile(r"\b(FROM|JOIN)\s*\(", re.IGNORECASE)
_AFTER_SUBQUERY = re.compile(
    r"\s*(AS\b|(?!(WHERE|GROUP|ORDER|LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|JOIN|LEFT|INNER|CROSS|NATURAL|ON|"
    r"HAVING|WINDOW|RETURNING|USING)\b)[A-Za-z_])", re.IGNORECASE)
_JSON_PATH = re.compile(r"^'\$\.(\w+)'$")
_DAYS = re.compile(r"^(.+?)\s*\|\|\s*' days'$", re.DOTALL)


@lru_cache(maxsize=4096)
def to_postgres(sql: str) -> str:
    """`sql` (SQLite's dialect, `?` or `:name` placeholders) as PostgreSQL runs it through
    psycopg. Raises UntranslatableSqlError for what must be rewritten where it is written."""
    parts = _split(sql)
    code = [_placeholders(text) if kind == "code" else text.replace("%", "%%") for kind, text in parts]
    out = "".join(code)
    masked = _mask(parts, code)
    if _OR_REPLACE.search(masked):
        raise UntranslatableSqlError(
            "INSERT OR REPLACE has no PostgreSQL form without its conflict target; write "
            f"INSERT ... ON CONFLICT (...) DO UPDATE instead: {_short(sql)}")
    out, masked = _sub(_BEGIN, lambda m: "BEGIN", out, masked)
    ignore = _OR_IGNORE.search(masked) is not None
    out, masked = _sub(_OR_IGNORE, lambda m: "INSERT INTO", out, masked)
    out, masked = _sub(_NOCASE, lambda m: "", out, masked)
    out, masked = _sub(_LIKE, lambda m: "ILIKE", out, masked)
    out, masked = _sub(_CROSS_JOIN_ON, lambda m: "JOIN" + m.group(1), out, masked)
    out, masked = _sub(_INDEXED_BY, lambda m: "", out, masked)
    out, masked = _sub(_USER, lambda m: '"user"', out, masked)
    out, masked = _sub(_CAST_TYPES, lambda m: "AS " + _TYPES[m.group(1).upper()] + ")", out, masked)
    out, masked = _alias_subqueries(out, masked)
    out = _functions(out, masked)
    if ignore:
        out = _append_on_conflict(out)
    return out


_TYPES = {"INTEGER": "bigint", "REAL": "double precision"}


def _short(sql: str) -> str:
    return " ".join(sql.split())[:120]


def _split(sql: str) -> list[tuple[str, str]]:
    """`sql` as ("code" | "literal", text) pieces: quoted strings, quoted names and comments
    are literal pieces, kept as they are."""
    parts: list[tuple[str, str]] = []
    i, start, n = 0, 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"`[":
            close = {"'": "'", '"': '"', "`": "`", "[": "]"}[ch]
            j = i + 1
            while j < n:
                if sql[j] == close:
                    if close in "'\"" and j + 1 < n and sql[j + 1] == close:  # doubled quote
                        j += 2
                        continue
                    break
                j += 1
            parts.append(("code", sql[start:i]))
            literal = sql[i:j + 1]
            if ch in "`[":  # SQLite's other identifier quotes: PostgreSQL knows only "..."
                literal = '"' + literal[1:-1] + '"'
            parts.append(("literal", literal))
            i = start = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            parts.append(("code", sql[start:i]))
            parts.append(("literal", sql[i:j]))
            i = start = j
        else:
            i += 1
    parts.append(("code", sql[start:]))
    return [p for p in parts if p[1]]


def _placeholders(code: str) -> str:
    code = code.replace("%", "%%").replace("?", "%s")
    return _NAMED.sub(lambda m: f"%({m.group(1)})s", code)


def _mask(parts: list[tuple[str, str]], code: list[str]) -> str:
    """The translated text with every literal blanked to spaces of the same length (so that
    patterns only ever match code, and positions stay those of the text)."""
    return "".join(text if kind == "code" else _blank(text)
                   for (kind, _original), text in zip(parts, code))


def _blank(literal: str) -> str:
    return literal[0] + " " * (len(literal) - 2) + literal[-1] if len(literal) >= 2 else literal


def _sub(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], out: str, masked: str) -> tuple[str, str]:
    """Replace `pattern`'s matches in the code (found in `masked`) in both texts."""
    pieces, mpieces, last = [], [], 0
    for m in pattern.finditer(masked):
        new = replace(m)
        pieces += [out[last:m.start()], new]
        mpieces += [masked[last:m.start()], new]
        last = m.end()
    if not pieces:
        return out, masked
    return "".join(pieces) + out[last:], "".join(mpieces) + masked[last:]


def _alias_subqueries(out: str, masked: str) -> tuple[str, str]:
    """`FROM (SELECT ...)` with no name: SQLite takes it, PostgreSQL 15 wants one."""
    inserts = []
    for m in _FROM_SUBQUERY.finditer(masked):
        close = _closing(masked, m.end() - 1)
        if not _AFTER_SUBQUERY.match(masked, close + 1):
            inserts.append(close + 1)
    for n, at in enumerate(reversed(inserts)):
        alias = f" AS subquery_{len(inserts) - n}"
        out, masked = out[:at] + alias + out[at:], masked[:at] + alias + masked[at:]
    return out, masked


def _functions(out: str, masked: str) -> str:
    """Rewrite the SQLite functions PostgreSQL lacks, innermost arguments first."""
    m = _FUNCTION.search(masked)
    if m is None:
        return out
    name = m.group(1).lower()
    open_at = m.end() - 1
    close_at = _closing(masked, open_at)
    args_masked = _top_level_split(masked[open_at + 1:close_at])
    args, pos = [], open_at + 1
    for arg in args_masked:
        args.append(out[pos:pos + len(arg)])
        pos += len(arg) + 1
    inner = [_functions(a, am) for a, am in zip(args, args_masked)]
    replacement = _rewrite(name, m.group(1), [a.strip() for a in inner], out[m.start():close_at + 1])
    rest_out, rest_masked = out[close_at + 1:], masked[close_at + 1:]
    head = out[:m.start()] + replacement
    return head + _functions(rest_out, rest_masked)


def _closing(masked: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(masked)):
        if masked[i] == "(":
            depth += 1
        elif masked[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    raise UntranslatableSqlError(f"unbalanced parentheses: {_short(masked)}")


def _top_level_split(masked: str) -> list[str]:
    args, depth, start = [], 0, 0
    for i, ch in enumerate(masked):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(masked[start:i])
            start = i + 1
    args.append(masked[start:])
    return args


def _rewrite(name: str, spelled: str, args: list[str], whole: str) -> str:
    joined = ", ".join(args)
    if name in ("max", "min"):
        if len(args) == 1:  # the aggregate
            return f"{spelled}({joined})"
        return f"{'greatest' if name == 'max' else 'least'}({joined})"
    if name == "instr":
        return f"strpos({joined})"
    if name == "ifnull":
        return f"coalesce({joined})"
    if name == "substr":
        return f"substr({', '.join([args[0], *(f'CAST({a} AS integer)' for a in args[1:])])})"
    if name == "json_each":
        if len(args) != 1:
            raise UntranslatableSqlError(f"json_each with a path: {_short(whole)}")
        return f"json_array_elements_text(CAST({args[0]} AS json))"
    if name == "json_extract":
        path = _JSON_PATH.match(args[1]) if len(args) == 2 else None
        if path is None:
            raise UntranslatableSqlError(f"json_extract needs one '$.key' path here: {_short(whole)}")
        return f"(CAST({args[0]} AS jsonb) ->> '{path.group(1)}')"
    if name == "group_concat":
        separator = args[1] if len(args) == 2 else "','"
        return f"string_agg(CAST({args[0]} AS text), {separator})"
    # date(): only the date arithmetic the store does; the schema's checks are pgschema's.
    days = _DAYS.match(args[1]) if len(args) == 2 else None
    if days is None:
        raise UntranslatableSqlError(f"date() other than date(day, n || ' days'): {_short(whole)}")
    return f"CAST(CAST({args[0]} AS date) + CAST({days.group(1)} AS integer) AS text)"


def _append_on_conflict(out: str) -> str:
    """`ON CONFLICT DO NOTHING` at the end of an INSERT (before RETURNING and a final `;`)."""
    body = out.rstrip().rstrip(";").rstrip()
    returning = _RETURNING.search(body)
    if returning:
        return body[:returning.start()].rstrip() + " ON CONFLICT DO NOTHING " + body[returning.start():]
    return body + " ON CONFLICT DO NOTHING"
