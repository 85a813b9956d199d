"""Backstage software catalog: groups, users and the components they own.

Reads one ``catalog-info.yaml`` (following its ``Location`` entities) or a
whole catalog folder, and builds a :class:`~teamsim.scenario.Scenario`:

* **people** are ``User`` entities;
* **teams** are ``Group`` entities that have members or own a component or
  resource; members are the union of ``Group.spec.members`` and every user's
  ``User.spec.memberOf`` (direct membership, as Backstage's ``hasMember``);
* **services** are ``Component`` and ``Resource`` entities, owned by the team
  their ``spec.owner`` names, in the system ``spec.system`` names;
* **dependencies** come from ``dependsOn`` / ``dependencyOf``, from
  ``consumesApis`` (the consumer depends on every component that
  ``providesApis`` the API) and from ``subcomponentOf`` (the parent depends on
  its subcomponent).

Entity references are ``[kind:][namespace/]name``, compared case-insensitively,
with each field's default kind (``owner`` -> Group, ``system`` -> System,
``providesApis``/``consumesApis`` -> API, ``memberOf``/``parent``/``children``
-> Group, ``members`` -> User, ``subcomponentOf`` -> Component, ``dependsOn``
-> Component or Resource) and the referring entity's namespace.

``Location`` targets are followed when they are relative paths that stay
inside the catalog folder (the folder given, or the folder of the file given);
URLs are never fetched. Nothing outside the catalog folder is ever read: a
symlink (a file or a folder) met while scanning the folder or following a
Location that leads out of it, a symlink loop and a ``..`` target are named in a
warning and skipped.

Nothing is dropped silently: unresolved references, unknown kinds, duplicates,
missing or escaping Location targets, group parent cycles, owners that are users,
values of the wrong type, empty files and empty documents become
:class:`~teamsim.importers._result.ImportWarning` entries with file, line and
entity. **A file that cannot be parsed** (malformed YAML, tabs, too deep, too
big) is skipped with a warning naming it and the fix, and the other files are
read: a catalog folder is usually a whole repository, whose Helm templates and
CI files are often not valid YAML. The entry file given by the user is an error.

Limits (:mod:`teamsim.limits`): ``max_catalog_files`` YAML files per folder or
Location pattern, ``max_location_depth`` chained Locations and
``max_group_depth`` levels of Group parents are refused with the environment
variable that raises them. Every walk is iterative and linear: the catalog is
read with an explicit stack, spec values are only looked at where a field is
read (an alias bomb is never expanded), and references resolve through
dictionaries.

The modules: :mod:`~teamsim.importers.backstage.refs` (entity references),
:mod:`~teamsim.importers.backstage.reader` (files, Locations and entities),
:mod:`~teamsim.importers.backstage.resolve` (references in specs),
:mod:`~teamsim.importers.backstage.owners` (groups, parents and owners),
:mod:`~teamsim.importers.backstage.build` (:func:`read_backstage` and the scenario it builds) and
:mod:`~teamsim.importers.backstage.results` (what it returns).

Examples
--------
>>> r = read_backstage("tests/data/backstage-demo")                 # doctest: +SKIP
>>> sorted(t.name for t in r.scenario.teams)                          # doctest: +SKIP
['acme-corp', 'team-a', 'team-b', 'team-c', 'team-d']
"""

from __future__ import annotations

from teamsim.importers.backstage.build import read_backstage
from teamsim.importers.backstage.owners import UNKNOWN_USER_OWNER as UNKNOWN_USER_OWNER
from teamsim.importers.backstage.owners import is_placeholder
from teamsim.importers.backstage.refs import KNOWN_KINDS as KNOWN_KINDS
from teamsim.importers.backstage.refs import EntityRef, parse_entity_ref
from teamsim.importers.backstage.results import BackstageImport, CatalogGroup

__all__ = [
    "BackstageImport",
    "CatalogGroup",
    "EntityRef",
    "is_placeholder",
    "parse_entity_ref",
    "read_backstage",
]
