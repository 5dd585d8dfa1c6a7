"""TOML syntax errors in a teacher's words: what is wrong, on the line where the mistake starts, and the fix.

tomllib says where it noticed a problem, in a parser's words ("Expected newline or end of document after a
statement"). This module looks at the text around that place and says what the author most probably did: a
``//`` comment, a decimal comma, curly quotes from a word processor, an unquoted date, a quote inside text,
a string or list that is never closed (reported where it opens, not at the end of the file), an invisible
carriage return standing alone (a file converted to Windows line endings twice). The wording does
not depend on the Python version's wording beyond the message's first words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.scenario.locate import key_at, key_end

#: Said after every syntax error: the rest of the file is not checked until the file can be read.
HIDDEN = "other problems may be hidden until this one is fixed"

_CURLY = "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb\u2039\u203a\u2032\u2033"


@dataclass(frozen=True)
class Syntax:
    """One syntax error: the line (1-based), the column (1-based, 0 for the whole line) and the message."""

    line: int
    column: int
    message: str


def explain(error: str, text: str) -> Syntax:
    """Turn tomllib's message (with its ``(at line L, column C)`` or ``(at end of document)``) into a
    Syntax for the text it was raised on."""
    lines = text.split("\n")  # as tomllib counts lines (str.splitlines also splits at \f, \v, U+2028...)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)\s*$", error)
    located = found is not None
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        raw = error[:found.start()].strip()
    else:
        found = re.search(r"\s*\(at end of document\)\s*$", error)
        raw = error[:found.start()].strip() if found else error.strip()
        line = max(len(lines), 1)
        column = len(lines[-1]) + 1 if lines else 1
    source = lines[line - 1] if 0 < line <= len(lines) else ""

    if "\n" not in text and "\r" in text.rstrip("\r"):  # one line for TOML, however many the author sees
        return Syntax(1, 0, "the file's lines end in a carriage return alone (\\r, as old Mac editors saved "
                            "them), which TOML does not read as line breaks; save the file again with ordinary "
                            "line endings (LF, or CRLF as on Windows)")
    if located:
        stray = _stray_return(text, lines, line, column)
        if stray is not None:
            return stray
    if _about_strings(raw) or not located:
        unclosed = _unclosed(text)
        if unclosed is not None and unclosed.line <= line:
            return unclosed
    explained = _explain(raw, source, column, lines, line)
    if isinstance(explained, Syntax):
        return explained
    return Syntax(line, column, explained)


def _stray_return(text: str, lines: list[str], line: int, column: int) -> Syntax | None:
    """tomllib stopped at a carriage return with no line break after it (an editor that converted the file to
    Windows line endings twice, \\r\\r\\n; a line pasted from elsewhere): the author cannot see it, so the
    message must name it rather than the visible text beside it."""
    offset = sum(len(before) + 1 for before in lines[:line - 1]) + column - 1
    if text[offset:offset + 1] != "\r" or text[offset + 1:offset + 2] == "\n":
        return None
    count = len(re.findall(r"\r(?!\n)", text))
    several = f" (the file has {count:,} carriage returns standing alone)" if count > 1 else ""
    return Syntax(line, column, "a carriage return (\\r) stands alone here, with no line break after it: it cannot "
                                "be seen, and TOML ends a line only with LF, or CRLF as on Windows; delete it, or "
                                f"save the file again with ordinary line endings{several}")


def _about_strings(raw: str) -> bool:
    """Messages that mean a string was not closed, wherever tomllib noticed it."""
    return raw.startswith(("Unterminated string", "Expected \"'", "Illegal character '\\n'",
                           "Found invalid character '\\n'"))


def _unclosed(text: str) -> Syntax | None:
    """The first string in the file that is not closed: a "..." or '...' at the end of its line, a
    \"\"\"...\"\"\" or '''...''' at the end of the file. Reported where it opens."""
    k = 0
    n = len(text)
    line = 1
    line_start = 0
    while k < n:
        ch = text[k]
        if ch == "\n":
            line += 1
            line_start = k + 1
            k += 1
        elif ch == "#":
            end = text.find("\n", k)
            k = n if end < 0 else end
        elif text.startswith('"""', k) or text.startswith("'''", k):
            quote = text[k:k + 3]
            start_line, column = line, k - line_start + 1
            j = k + 3
            while j < n:
                if quote == '"""' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                j += 1
            if j >= n:
                return Syntax(start_line, column, f"the text opened here with {quote} is never closed: add "
                                                  f"{quote} where the text should end")
            j += 3
            while j < n and text[j] == quote[0]:  # up to two more quotes belong to the text
                j += 1
            line += text.count("\n", k, j)
            last = text.rfind("\n", k, j)
            line_start = last + 1 if last >= 0 else line_start
            k = j
        elif ch in "\"'":
            start_line, column = line, k - line_start + 1
            j = k + 1
            while j < n and text[j] != ch and text[j] != "\n":
                j += 2 if ch == '"' and text[j] == "\\" and j + 1 < n and text[j + 1] != "\n" else 1
            if j >= n or text[j] == "\n":
                if ch == '"':
                    message = ("the text opened here with \" is not closed on its line: add the closing \" "
                               "(for text over several lines, use \"\"\" ... \"\"\")")
                else:
                    message = ("the text opened here with ' is not closed on its line: add the closing ' "
                               "(for text with an apostrophe, use double quotes: \"it's\")")
                return Syntax(start_line, column, message)
            k = j + 1
        else:
            k += 1
    return None


def _opening_line(lines: list[str], line: int, opener: str) -> int:
    """The line, at or before ``line``, where the unclosed ``[`` or ``{`` of a value opens."""
    pattern = re.compile(r"=\s*" + re.escape(opener))
    for k in range(min(line, len(lines)), 0, -1):
        if pattern.search(lines[k - 1]):
            return k
    return line


def _value_start(source: str) -> int:
    """The index of the value on a ``key = value`` line (0 when there is no '=')."""
    k = key_end(source)
    return 0 if k < 0 else k + 1 + len(source[k + 1:]) - len(source[k + 1:].lstrip())


def _word(text: str) -> str:
    found = re.match(r"[^\s,\]}#]*", text)
    return found.group() if found else ""


def _after_statement(source: str, column: int) -> str:
    """tomllib read a whole value (or header), then found more on the line."""
    before, after = source[:column - 1], source[column - 1:]
    value = source[_value_start(source):column - 1].strip()
    if after.startswith("//"):
        return "'//' does not start a comment in TOML: start the comment with # instead"
    if source.lstrip().startswith("[") and before.rstrip().endswith("]"):
        return ("a [table] header stands alone on its line: put the key = value on the next line (only a "
                "# comment may follow the header)")
    if re.fullmatch(r"[-+]?\d+", value) and re.match(r",\d", after):
        decimals = re.match(r",(\d+)", after)
        number = f"{value}.{decimals.group(1) if decimals else ''}"
        return f"write decimal numbers with a point, not a comma: {number}, not {number.replace('.', ',')}"
    rest = _word(after)
    if re.match(r"\d", after) and before[-1:].isspace() and re.fullmatch(r"[-+]?[\d.]+", value):
        return f"a number cannot contain spaces: write {value}{rest}"
    if re.match(r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*(?:\.\s*\S+\s*)*=""", after.lstrip()):
        return "two key = value pairs on one line: put each on its own line"
    if re.fullmatch(r"\d{4}-\d\d-\d\d(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?|\d\d:\d\d(?::\d\d)?", value):
        return (f"{value}{rest} is not a valid date or time; in a scenario a date is text in double quotes, "
                f"written YYYY-MM or YYYY-MM-DD: \"{_fix_date(value)}\"")
    if re.fullmatch(r"\d{1,5}", value) and re.match(r"-\d", after):
        written = value + rest
        return (f"{written} looks like a date: in a scenario a date is text in double quotes, written YYYY-MM "
                f"or YYYY-MM-DD, as in \"{_fix_date(written)}\"")
    if re.fullmatch(r"[-+]?[\d_.eE+xXoObB]*\d[\d_.eE]*|[-+]?\d*", value) and value and after[:1] not in " \t#":
        if rest.startswith("%"):
            return f"a number cannot have a unit or a % sign: write {value}, and say what it means in a comment"
        return (f"{value}{rest} is not a number TOML understands: write whole numbers like 12, decimals like "
                "0.5 (digits with one point, no leading zeros, letters or units)")
    if value.startswith('"') and value.endswith('"') and after and after[0] not in "#":
        if after.startswith('"'):
            return "two pieces of text follow each other: join them into one \"...\""
        return ("the text ends at the second \" on this line, so what follows is left over: to put a double "
                "quote inside text, write \\\" (or put the whole text in single quotes '...')")
    if value.startswith("'") and value.endswith("'") and re.match(r"[A-Za-z]", after):
        return ("an apostrophe ends text that starts with a single quote: put text with an apostrophe in "
                "double quotes, as in \"it's\"")
    shown = after[:1]
    return (f"unexpected {shown!r} after the value: a line holds one key = value, and a comment starts "
            "with #")


def _fix_date(written: str) -> str:
    found = re.match(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", written)
    if not found:
        return "1980-05"
    year, month, day = found.group(1), int(found.group(2)), found.group(3)
    if not 1 <= month <= 12:
        return f"{year}-MM"
    return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day and 1 <= int(day) <= 31 else "")


def _invalid_value(source: str, column: int) -> str:
    after = source[column - 1:]
    stripped = after.strip()
    if stripped and stripped[0] in _CURLY:
        return ("these are curly quotes (“ ” or ‘ ’), as a word processor types them; TOML needs straight "
                "quotes: retype them as \" \" in a plain-text editor, or turn off 'smart quotes'")
    if not stripped or stripped.startswith("#"):
        return "the value is missing after '=': write a value, such as \"text in quotes\" or a number"
    word = _word(after)
    if word.lower() in ("true", "false", "yes", "no", "on", "off", "t", "f"):
        fix = "true" if word.lower() in ("true", "yes", "on", "t") else "false"
        return f"{word} is not a value: write {fix} (true or false, in lowercase, without quotes)"
    if after.startswith(","):
        return "two commas in a row, or a comma with nothing before it: remove the extra ','"
    if after.startswith("="):
        return "'=' appears twice: write key = value"
    if re.match(r"[-+]?(?:inf|nan)\b", word, re.IGNORECASE) or re.match(r"[-+]?(?:in|na)", word):
        return f"{word} is not a number: write digits, as in 12 or 0.5"
    if re.match(r"[-+]?[.\d_]", word) or re.match(r"[-+]{2}", word):
        return (f"{word} is not a number TOML understands: write whole numbers like 12 and decimals like 0.5 "
                "(a digit before the point, one sign at most, no '_' at the start)")
    if re.match(r"[A-Za-z\u00c0-\uffff]", word):
        inside = source[:column - 1].rstrip()[-1:] in ("[", "{", ",")
        shown = word if inside else stripped.split("#")[0].strip()
        return f"text must be in double quotes: write \"{shown.strip(chr(34) + chr(39))}\""
    return ("this is not a value: put text in double quotes (\"...\"), write numbers without quotes, true and "
            "false in lowercase, and lists as [\"a\", \"b\"]")


def _explain(raw: str, source: str, column: int, lines: list[str], line: int) -> str | Syntax:
    if raw.startswith("Expected newline or end of document"):
        return _after_statement(source, column)
    if raw.startswith("Invalid value"):
        return _invalid_value(source, column)
    if raw == "Cannot overwrite a value":
        key = ".".join(key_at(source))
        what = f"'{key}' is" if key else "this key is"
        return f"{what} set twice in the same table; keep only one of the two lines"
    if raw.startswith(("Unclosed array", "Unclosed inline table")):
        array = raw.startswith("Unclosed array")
        opens = _opening_line(lines, line, "[" if array else "{")
        if array:
            return Syntax(opens, 0, "the list [ ... ] that starts here is not closed: check for a missing ']', "
                                    "or a missing ',' between two items")
        return Syntax(opens, 0, "the { ... } table that starts here is not closed: it must end with '}' on "
                                "the same line, with ',' between its key = value pairs")
    if raw.startswith("Invalid initial character for a key") and "{" in source[:column - 1]:
        before = source[:column - 1].rstrip()
        if before.endswith(","):
            if column > len(source.rstrip()):
                return ("a { ... } table must be written on one line: put the rest of it on this line, or "
                        "write it as a [table] section")
            return "a ',' with no key = value after it: remove the extra ','"
        if column > len(source.rstrip()):
            return "a { ... } table must be written on one line, ending with '}'"
    if raw.startswith("Invalid hex value"):
        return ("a backslash starts an escape: \\u must be followed by 4 hexadecimal digits and \\U by 8; to "
                "write a backslash itself, write \\\\")
    if raw.startswith("Escaped character is not a Unicode scalar value"):
        return "this \\u or \\U escape names no character: write the character itself instead"
    if raw.startswith("Expected '=' after a key"):
        if source[column - 1:column] in ("", "#"):
            return "a key needs a value: write key = value"
        return ("expected '=' after the key: a key is one word (letters, digits, _ and -) or text in quotes, "
                "then = and the value")
    if raw.startswith("Expected ']' at the end of a table"):
        if source.lstrip().startswith("[[") or source[column - 1:column] == "":
            return "a table header needs its closing bracket on the same line, as in [scenario]"
        return "a table header holds only the table's name, as in [scenario]: check the brackets and the name"
    if raw.startswith("Invalid statement"):
        if source[column - 1:column] == "\u3000" or (source[:1].isspace() and not source.strip()[:1].isascii()):
            return "this line starts with a non-ASCII space: delete it"
        if source.lstrip().startswith("="):
            return "the key is missing before '=': write key = value"
        return ("this line is neither key = value nor a [table] header: keys are words of letters, digits, _ "
                "and -, or text in quotes")
    if raw.startswith("Invalid date or datetime"):
        word = _word(source[column - 1:])
        return (f"{word} is not a date in the calendar; in a scenario, dates are text in double quotes, as in "
                "\"1980-05-04\"")
    for pattern, template in _MESSAGES:
        found = re.match(pattern, raw)
        if found:
            groups = found.groups()
            table = ".".join(re.findall(r"'([^']*)'", groups[0])) if groups else ""
            return template.format(*groups, table=table)
    return raw[:1].lower() + raw[1:]


#: tomllib's other messages, said in words a scenario author can act on.
_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Cannot declare \((.*)\) twice",
     "the table [{table}] appears twice; merge the two into one (use [[...]] for a list of entries)"),
    (r"Cannot mutate immutable namespace",
     "this adds to a table or list that was already written out in full with {{ }} or [ ]; "
     "add the key there instead"),
    (r"Cannot redefine namespace",
     "this key is already a value, so it cannot also be a table; rename one of them"),
    (r"Duplicate inline table key '(.*)'", "the key '{0}' appears twice in this {{ ... }} table; keep one"),
    (r"Expected '\]\]' at the end of an array",
     "a list-entry header needs its closing brackets, as in [[countries]]"),
    (r"Unterminated string", "a string is not closed: add the closing quote"),
    (r"Expected \"'''\"", "text opened with ''' is not closed: add ''' where it should end"),
    (r"Expected \"'\"", "text opened with ' is not closed on its line: add the closing '"),
    (r"Illegal character '\\n'",
     "a string is not closed before the end of the line: add the closing \" (for text over several lines, "
     "use \"\"\" ... \"\"\")"),
    (r"Illegal character (.*)", "the control character {0} is not allowed in TOML text; delete it"),
    (r"Unescaped '\\' in a string",
     "a backslash in \"...\" starts an escape: write \\\\ for a backslash, or use single quotes '...'"),
    (r"Invalid initial character for a key",
     "a key is a bare word (letters, digits, _ and -) or text in quotes"),
    (r"Found invalid character (.*)",
     "the control character {0} is not allowed here; delete it"),
)
