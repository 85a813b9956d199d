"""Parsing a CODEOWNERS file into rules (pattern, owners, line); lines GitHub ignores are warned about."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from teamsim.errors import InputError
from teamsim.importers._result import ImportWarning
from teamsim.importers.codeowners.patterns import pattern_regex
from teamsim.limits import check_count

__all__ = ["CodeownersRule", "parse_codeowners"]


_OWNER = re.compile(r"^(@[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$")


@dataclass(frozen=True)
class CodeownersRule:
    """One CODEOWNERS line: pattern, owners (possibly none) and its line number."""

    pattern: str
    owners: tuple[str, ...]
    line: int

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        return pattern_regex(self.pattern)

    @cached_property
    def catch_all(self) -> bool:
        """True for a rule made of wildcards only (``*``, ``**``, ``*/``): it names no path.

        Examples
        --------
        >>> [CodeownersRule(p, (), 1).catch_all for p in ("*", "/**", "*.go", "/src/")]
        [True, True, False, False]
        """
        return self.matches("\0\0/\0\0/\0\0")

    @cached_property
    def _inside(self) -> re.Pattern[str]:
        """Matches a path below a folder the pattern matches (one regex, not one per ancestor)."""
        return re.compile(f"(?:{self._regex.pattern})/.*", re.DOTALL)

    def matches(self, path: str, *, is_dir: bool = False) -> bool:
        """True if the rule applies to ``path`` (a file, or a folder with ``is_dir``).

        It applies when it matches the path itself (a pattern ending in ``/`` only a
        folder) or, unless it ends in ``/*``, any folder the path is in.
        """
        path = path.strip("/")
        if (is_dir or not self.pattern.endswith("/")) and self._regex.fullmatch(path):
            return True
        # GitHub: "docs/*" owns the files directly in docs, not those deeper down; "docs/*/"
        # names folders, and a folder's rule covers everything inside it (as in gitignore)
        children_only = self.pattern.endswith("/*")
        return not children_only and self._inside.fullmatch(path) is not None


def parse_codeowners(text: str, file: str = "CODEOWNERS",
                     warnings: list[ImportWarning] | None = None) -> list[CodeownersRule]:
    """Parse CODEOWNERS text into rules, in file order.

    Parameters
    ----------
    text : str
        The file's content: one ``pattern owner...`` rule per line, ``#`` comments.
    file : str
        Name used in warnings.
    warnings : list, optional
        Receives an :class:`ImportWarning` per skipped line or bad owner.

    Returns
    -------
    list of CodeownersRule
        One rule per rule line, with its pattern, owners and line number.

    Raises
    ------
    InputError
        A pattern longer than ``max_codeowners_pattern`` characters (with its line).

    See Also
    --------
    pattern_regex : The regex of each rule's pattern.
    teamsim.importers.codeowners.apply_codeowners : Applies the rules to a scenario's services.
    teamsim.importers.codeowners.read_codeowners : Reads and applies a CODEOWNERS file.

    Examples
    --------
    >>> [(r.pattern, r.owners) for r in parse_codeowners("# c\\n*.go @a/go  # tail\\n\\\\#x @b\\n")]
    [('*.go', ('@a/go',)), ('#x', ('@b',))]
    """
    warnings = warnings if warnings is not None else []
    rules = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        toks = line.split()
        pattern, owners = toks[0], []
        try:
            check_count("max_codeowners_pattern", len(pattern), file=file, entity=f"pattern on line {n}",
                        what="CODEOWNERS pattern length")
        except InputError as e:
            e.line = n
            raise
        for tok in toks[1:]:
            if tok.startswith("#"):
                break
            if _OWNER.match(tok):
                owners.append(tok)
            else:
                warnings.append(ImportWarning(
                    message=f"owner {tok!r} is not @user, @org/team or an e-mail; ignored",
                    file=file, line=n, entity=f"pattern {pattern}",
                    hint="GitHub ignores invalid owners too", kind="invalid code owner"))
        if pattern.startswith("!"):
            warnings.append(ImportWarning(message=f"negated pattern {pattern!r} does not work on GitHub; "
                                          "line skipped", file=file, line=n,
                                          hint="remove the line or write a rule with no owners",
                                          kind="negated pattern"))
            continue
        if pattern.startswith("[") and pattern.endswith("]"):
            warnings.append(ImportWarning(message=f"section header {pattern!r} is GitLab syntax; line "
                                          "skipped", file=file, line=n, kind="gitlab section"))
            continue
        if "[" in pattern:
            warnings.append(ImportWarning(message=f"character range in {pattern!r} does not work on "
                                          "GitHub; matched literally", file=file, line=n,
                                          kind="character range"))
        if pattern.startswith("\\#"):
            pattern = pattern[1:]
        rules.append(CodeownersRule(pattern, tuple(owners), n))
    return rules
