"""tests/bench/mojibake.py - the legacy misreadings of Swedish text the repair
bench and tests/bench/repair_same.sh build their inputs with.

Why one module: both scripts must produce the same kinds of damage; each
reading is text -> bytes of the damaged file.
"""


def show1252(b):
    """Bytes as CP1252 shows them (Latin-1 where CP1252 has no character)."""
    return "".join(bytes([x]).decode("cp1252") if x not in (0x81, 0x8d, 0x8f, 0x90, 0x9d)
                   else chr(x) for x in b)


KINDS = {
    "utf8-as-cp1252": lambda t: show1252(t.encode("utf-8")).encode("utf-8"),
    "utf8-as-cp1252-x2": lambda t: show1252(show1252(t.encode("utf-8")).encode("utf-8")).encode("utf-8"),
    "cp850-as-cp1252": lambda t: show1252(t.encode("cp850", errors="replace")).encode("utf-8"),
    "cp437-as-cp1252": lambda t: show1252(t.encode("cp437", errors="replace")).encode("utf-8"),
    "macroman-as-cp1252": lambda t: show1252(t.encode("mac_roman", errors="replace")).encode("utf-8"),
    "cp1252-bytes": lambda t: t.encode("cp1252", errors="replace"),
    "iso646-se": lambda t: t.translate(str.maketrans("äöåÄÖÅ", "{|}[\\]")).encode("utf-8"),
}
