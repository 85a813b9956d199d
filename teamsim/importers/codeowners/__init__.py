"""GitHub CODEOWNERS files, mapped to services by path.

GitHub's rules (docs "About code owners"): one rule per line, a pattern then
owners (``@user``, ``@org/team`` or an e-mail address); ``#`` starts a comment;
**the last matching pattern wins**; a pattern with no owners leaves the paths it
matches unowned. Patterns follow gitignore syntax as GitHub documents it:

* ``*`` matches any characters except ``/``; ``?`` one such character;
* a pattern without a ``/`` (other than a trailing one) matches at any depth
  (``*.js``, ``apps/``); a leading or inner ``/`` anchors it at the root
  (``/build/logs/``, ``docs/*``);
* a trailing ``/`` matches directories only (and everything inside them);
* ``**`` matches across directories: ``**/logs``, ``docs/**``, ``a/**/b``
  (as a whole segment; inside one, as in ``a**b``, it is a plain ``*``);
* a pattern matching a directory matches every file under it, except a pattern
  ending in ``/*``, which matches only the directory's direct children
  (GitHub: ``docs/*`` owns ``docs/getting-started.md`` but not
  ``docs/build-app/troubleshooting.md``);
* ``!`` negation and ``[ ]`` character ranges do not work on GitHub: such lines
  are skipped with a warning; ``\\#`` escapes a pattern starting with ``#``.

Services are mapped to paths with ``service_paths`` (``{"cartservice":
"src/cartservice/"}``); a service's owners are the owners of any file directly
in its folder (:func:`folder_owner_rule`). An ``@org/team`` owner becomes the
existing team ``org/team`` or ``team`` (case-insensitive) or else a new team
``org/team``; a user or e-mail owner is a person, not a team, so the service
gets no owning team and a warning says so.

The modules: :mod:`~teamsim.importers.codeowners.patterns` (patterns to regular expressions),
:mod:`~teamsim.importers.codeowners.rules` (parsing a file), :mod:`~teamsim.importers.codeowners.matching`
(which rule owns a path or a folder), :mod:`~teamsim.importers.codeowners.folders` (service folders and
path templates) and :mod:`~teamsim.importers.codeowners.apply` (owners applied to a scenario,
:func:`read_codeowners`).

Examples
--------
>>> rules = parse_codeowners("* @acme/platform\\n/src/cart/ @acme/carts\\n/src/cart/vendor/\\n", "CODEOWNERS")
>>> owners_of(rules, "src/cart/main.go"), owners_of(rules, "src/cart/vendor/x.go"), owners_of(rules, "README")
(('@acme/carts',), (), ('@acme/platform',))
"""

from __future__ import annotations

from teamsim.importers.codeowners.apply import CodeownersResult, apply_codeowners, read_codeowners
from teamsim.importers.codeowners.folders import (
    check_path_template,
    check_repo_folder,
    fill_path_template,
    normalise_folder,
    service_folder_list,
)
from teamsim.importers.codeowners.matching import ANY_FILE as ANY_FILE
from teamsim.importers.codeowners.matching import RuleIndex, folder_owner_rule, last_match, owners_of
from teamsim.importers.codeowners.patterns import pattern_regex
from teamsim.importers.codeowners.rules import CodeownersRule, parse_codeowners

__all__ = [
    "CodeownersResult",
    "CodeownersRule",
    "RuleIndex",
    "apply_codeowners",
    "check_path_template",
    "check_repo_folder",
    "fill_path_template",
    "folder_owner_rule",
    "normalise_folder",
    "last_match",
    "owners_of",
    "parse_codeowners",
    "pattern_regex",
    "read_codeowners",
    "service_folder_list",
]
