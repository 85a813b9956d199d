"""Groups and owners: members, the parent hierarchy (cycles broken), each entity's owning group, and
owners that are users, placeholders or outside the catalog.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Any

from teamsim.errors import InputError
from teamsim.importers.backstage.reader import _At, _Entity, _show
from teamsim.importers.backstage.refs import EntityRef, parse_entity_ref
from teamsim.importers.backstage.resolve import _base_name, _Refs
from teamsim.limits import check_count, limit

__all__ = ["is_placeholder"]


def _hierarchy(groups: list[_Entity], users: list[_Entity], refs: _Refs
               ) -> tuple[dict[EntityRef, dict[EntityRef, None]], dict[EntityRef, EntityRef]]:
    """Members of each group (ordered, no repeats) and each group's parent, cycles removed."""
    members: dict[EntityRef, dict[EntityRef, None]] = defaultdict(dict)
    parent: dict[EntityRef, EntityRef] = {}
    for g in groups:
        r = refs.one(g, "parent", ("group",))
        if r is not None:
            parent[g.ref] = r
        for r in refs.all(g, "children", ("group",)):
            parent.setdefault(r, g.ref)
        for r in refs.all(g, "members", ("user",)):
            members[g.ref][r] = None
    for u in users:
        for r in refs.all(u, "memberOf", ("group",)):
            members[r][u.ref] = None
    _break_parent_cycles(parent, refs)
    return members, parent


def _break_parent_cycles(parent: dict[EntityRef, EntityRef], refs: _Refs) -> None:
    """Warn about (and drop the parents of) each group parent cycle; bound the chain depth.

    Each group is walked once (depths are remembered), so chains and cycles of any
    length cost linear time; a chain deeper than ``max_group_depth`` is refused.
    """
    depth: dict[EntityRef, int] = {}
    cap = limit("max_group_depth")
    for start in list(parent):
        path: list[EntityRef] = []
        pos: dict[EntityRef, int] = {}
        cur = start
        while cur in parent and cur not in depth and cur not in pos:
            pos[cur] = len(path)
            path.append(cur)
            cur = parent[cur]
        base = depth.get(cur, 0)
        if cur in pos:  # a new cycle: path[pos[cur]:]
            cyc = path[pos[cur]:]
            del path[pos[cur]:]
            ge = refs.ents[cur]
            shown = [str(x) for x in cyc[:8]] + ([f"... ({len(cyc)} groups)"] if len(cyc) > 8 else [])
            refs.warn("group parent cycle " + " -> ".join([*shown, str(cur)])
                      + "; hierarchy ignored for these groups", file=ge.file,
                      line=ge.line("spec", "parent"), entity=cur,
                      hint="a group cannot be its own ancestor; fix parent/children",
                      kind="group parent cycle")
            for c in cyc:
                parent.pop(c, None)
                depth[c] = base = 0
        for i, g in enumerate(reversed(path), 1):
            depth[g] = base + i
        if path and depth[path[0]] > cap:
            ge = refs.ents[path[0]]
            try:
                check_count("max_group_depth", depth[path[0]], entity=str(path[0]), file=ge.file)
            except InputError as e:
                e.line = ge.line("spec", "parent")
                raise


def _owners(by_kind: dict[str, list[_Entity]], members: dict[EntityRef, dict[EntityRef, None]],
            ents: dict[EntityRef, _Entity], warn: Any
            ) -> tuple[dict[EntityRef, EntityRef], dict[EntityRef, list[str]], dict[EntityRef, str]]:
    """The owning group of each owned entity; unresolved owners are warned and kept as text."""
    groups_of: dict[EntityRef, list[EntityRef]] = defaultdict(list)
    for g, ms in members.items():
        for m in ms:
            groups_of[m].append(g)
    owner_of: dict[EntityRef, EntityRef] = {}
    unresolved: dict[EntityRef, str] = {}
    external: dict[EntityRef, list[_Entity]] = {}
    owns: dict[EntityRef, list[str]] = defaultdict(list)
    for e in (e for k in ("component", "resource", "api", "system", "domain") for e in by_kind[k]):
        ov = e.spec.get("owner")
        if ov is None:
            warn(f"{e.raw_kind} has no spec.owner", file=e.file, line=e.line("spec") or e.line(),
                 entity=e.ref, hint="give every entity an owning group", kind="no owner")
            continue
        # the line is looked up only for a warning: a valid catalog is never composed for lines
        def at(e: _Entity = e) -> _At:
            return {"file": e.file, "line": e.line("spec", "owner"), "entity": e.ref}

        try:
            if not isinstance(ov, str):
                raise InputError(f"{_show(ov)} is not an entity reference",
                                 hint="write the owner as [kind:][namespace/]name")
            ref = parse_entity_ref(ov, "group", e.ref.namespace)
        except InputError as err:
            warn(f"owner: {err.message}", hint=err.hint, **at(), kind="owner not a reference")
            unresolved[e.ref] = ov if isinstance(ov, str) else "(not a reference)"
            continue
        as_user = EntityRef("user", ref.namespace, ref.name)
        if ref.kind == "user" or (ref.kind == "group" and ref not in ents and as_user in ents):
            groups = groups_of.get(as_user, [])
            hint = (f"make a group the owner (e.g. {groups[0]}, which {ref.name} is in)"
                    if groups else "make a group the owner")
            what = ("a user" + ("" if as_user in ents else " that is not in the catalog")
                    if ref.kind == "user" else f"not a group, but a User {ref.name} exists")
            warn(f"owner {_show(ov)} is {what}: owners should be groups; the entity has no "
                 "owning team", hint=hint, kind=_USER_OWNER_KINDS[as_user in ents or ref.kind != "user"],
                 **at())
            unresolved[e.ref] = f"user:{_base_name(as_user)}"
        elif ref.kind == "group" and ref not in ents and is_placeholder(ref.name):
            warn(f"owner {_show(ov)} is a template placeholder, not a real owner; the entity has "
                 "no owning team", hint="replace it with the owning group's name", kind="placeholder",
                 **at())
            unresolved[e.ref] = ov
        elif ref.kind != "group":
            warn(f"owner {_show(ov)} does not resolve to a group (looked for {ref})",
                 hint="add the group to the catalog or fix the owner", **at(), kind="owner not a group")
            unresolved[e.ref] = ov
        else:
            if ref not in ents:
                external.setdefault(ref, []).append(e)
            owner_of[e.ref] = ref
            owns[ref].append(str(e.ref))
    for ref, owned in external.items():
        _warn_external(ref, owned, ents, warn)
    return owner_of, owns, unresolved


#: Warning kinds of an owner that is a user: not in this catalog (another source may list it), or in it.
_USER_OWNER_KINDS = {False: "owner is an unknown user", True: "owner is a user"}


#: The kind :func:`teamsim.importers.read` looks for once every source has given its people.
UNKNOWN_USER_OWNER = _USER_OWNER_KINDS[False]


#: Owner names that Backstage templates and examples use as placeholders.
_PLACEHOLDER = re.compile(r"^(group|team|owner|user|my|your|example|some|sample)[-_]?"
                          r"(name|team|group|owner)?$|^(changeme|todo|tbd|xxx+|placeholder)$|"
                          r"[${}<>]")


def is_placeholder(name: str) -> bool:
    """Whether an owner name is a template placeholder such as ``group-name`` or ``${{ values.owner }}``.

    Parameters
    ----------
    name : str
        The name part of an owner reference.

    Returns
    -------
    bool
        True for the names Backstage templates and examples use (``group-name``,
        ``team-name``, ``my-team``, ``changeme`` ...) and for template syntax.

    See Also
    --------
    parse_entity_ref : Parses an owner reference that is not a placeholder.
    teamsim.importers.backstage.read_backstage : Warns about owners that are placeholders.

    Examples
    --------
    >>> [is_placeholder(n) for n in ("group-name", "team-name", "${{values.owner}}", "payments")]
    [True, True, True, False]
    """
    return bool(_PLACEHOLDER.search(name.strip().lower()))


def _warn_external(ref: EntityRef, owned: list[_Entity], ents: dict[EntityRef, _Entity],
                   warn: Any) -> None:
    """One warning per owner that is not a Group entity: it becomes a team, members unknown."""
    first = owned[0]
    known = sorted(_base_name(g) for g in ents if g.kind == "group" and g.namespace == ref.namespace)
    guess = difflib.get_close_matches(ref.name, known, n=1, cutoff=0.8)
    names = ", ".join(_base_name(e.ref) for e in owned[:3]) + (
        f" and {len(owned) - 3} more" if len(owned) > 3 else "")
    team = (f"it becomes team {_base_name(ref)!r} with members unknown"
            if any(e.kind in ("component", "resource") for e in owned) else "its members are unknown")
    warn(f"owner {ref} is not a Group entity in the catalog; {team} (owns {names})"
         + (f"; did you mean {guess[0]!r}?" if guess else ""),
         file=first.file, line=first.line("spec", "owner"), entity=str(ref),
         hint=(f"fix the owner to {guess[0]!r}" if guess else
               "give its members with a Group entity or an org CSV (person,team)"),
         kind="members unknown")
