"""Service folders in a repository: ``--service-paths`` templates and mappings, checked to stay inside
the repository and normalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from teamsim.errors import InputError

__all__ = [
    "check_path_template",
    "check_repo_folder",
    "fill_path_template",
    "normalise_folder",
    "service_folder_list",
]


_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


def check_repo_folder(path: str, *, entity: str, file: str | None = None, line: int | None = None,
                      example: str = "src/cartservice/", relative: bool = True) -> str:
    """Check a service folder: a literal path inside the repository.

    Parameters
    ----------
    path : str
        A folder, as written in a service-paths CSV or template.
    entity : str
        What the folder belongs to, for the message (``"service 'cart'"``).
    file, line : optional
        Where it was written, for the message.
    example : str
        A correct folder, for the hint.
    relative : bool, default True
        Refuse absolute paths (``/src``, ``C:\\src``, ``\\\\host``); a template keeps its
        historical leading ``/`` (the repository root).

    Returns
    -------
    str
        The path, unchanged.

    Raises
    ------
    InputError
        An absolute path, a ``..`` segment (the folder would leave the
        repository), or a wildcard ``*`` / ``?`` (folders are literal, not globs;
        ``[`` ``]`` are ordinary characters, as in Next.js's ``[id]`` folders).

    See Also
    --------
    normalise_folder : The normal form of a folder.
    check_path_template : The check of a ``{name}`` template.

    Examples
    --------
    >>> check_repo_folder("src/[id]/", entity="service 'a'")
    'src/[id]/'
    >>> try:
    ...     check_repo_folder("src/../etc", entity="service 'a'")
    ... except InputError as e:
    ...     print(e.message)
    path 'src/../etc' has a '..' segment: service folders are inside the repository
    """
    if relative and (path.startswith(("/", "\\")) or _DRIVE.match(path)):
        raise InputError(f"path {path!r} is absolute: service folders are relative to the repository root",
                         hint=f"write the folder from the repository root without a leading '/', "
                              f"e.g. {example}", file=file, line=line, entity=entity)
    if ".." in re.split(r"[\\/]", path):
        raise InputError(f"path {path!r} has a '..' segment: service folders are inside the repository",
                         hint=f"write the folder from the repository root, e.g. {example}",
                         file=file, line=line, entity=entity)
    if "*" in path or "?" in path:
        raise InputError(f"path {path!r} has a wildcard: service folders are literal paths, not globs",
                         hint=f"list each folder on its own row (a service may have several), e.g. {example}",
                         file=file, line=line, entity=entity)
    return path


def check_path_template(template: str) -> str:
    """Check a service-path template: its only placeholder may be ``{name}``.

    Parameters
    ----------
    template : str
        A repository folder with ``{name}`` for the service name, e.g. ``"src/{name}/"``.

    Returns
    -------
    str
        The template, unchanged.

    Raises
    ------
    InputError
        An unknown placeholder (``{nme}``), a positional ``{}``, a format spec,
        an unbalanced brace, or a folder :func:`check_repo_folder` refuses (a
        ``..`` segment or a wildcard; a leading ``/`` means the repository root).

    See Also
    --------
    fill_path_template : Fills a checked template in.
    check_repo_folder : The check of the folder it gives.

    Examples
    --------
    >>> check_path_template("src/{name}/")
    'src/{name}/'
    >>> try:
    ...     check_path_template("svc/{nme}/")
    ... except InputError as e:
    ...     print(e.message)
    unknown placeholder {nme}; use {name} (service-path template 'svc/{nme}/')
    """
    import string

    def bad(msg: str) -> InputError:
        return InputError(f"{msg}; use {{name}} (service-path template {template!r})",
                          entity="--service-paths",
                          hint="write the service folder as e.g. 'src/{name}/' (literal braces as {{ }})")

    try:
        fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template)
                  if f is not None]
    except ValueError as e:
        raise bad(f"malformed braces ({e})") from None
    if not fields:
        raise InputError(f"service-path template {template!r} has no {{name}}: every service would get "
                         "the same folder", entity="--service-paths",
                         hint="include {name}, e.g. 'src/{name}/', or give a CSV file of service,path rows")
    for f, spec, conv in fields:
        if f != "name":
            raise bad(f"unknown placeholder {{{f}}}")
        if spec or conv:
            raise bad(f"format options in {{{f}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}")
    return check_repo_folder(template, entity="--service-paths", example="src/{name}/", relative=False)


def normalise_folder(path: str) -> str:
    """A repository folder with ``.`` segments and repeated ``/`` collapsed.

    ``src/./cart/`` and ``src//cart`` name the folder ``src/cart`` as git writes it;
    a leading and a trailing ``/`` are kept.

    Parameters
    ----------
    path : str
        A folder as written in a service-paths CSV or a filled-in template.

    Returns
    -------
    str
        The same folder, spelt as CODEOWNERS rules and git paths spell it.

    See Also
    --------
    check_repo_folder : Refuses a folder outside the repository.
    service_folder_list : A service's folders, normalised.

    Examples
    --------
    >>> normalise_folder("src/./front/"), normalise_folder("src//cart"), normalise_folder("/./a//")
    ('src/front/', 'src/cart', '/a/')
    """
    segs = [s for s in path.split("/") if s not in ("", ".")]
    if not segs:
        return "/" * path.startswith("/")
    return "/" * path.startswith("/") + "/".join(segs) + "/" * path.endswith("/")


def fill_path_template(template: str, name: str) -> str:
    """A service's folder from a ``{name}`` template, checked as a literal repository folder.

    Parameters
    ----------
    template : str
        A template accepted by :func:`check_path_template`, e.g. ``"src/{name}/"``.
    name : str
        The service's name.

    Returns
    -------
    str
        The folder (normalised by :func:`normalise_folder`).

    Raises
    ------
    InputError
        The filled-in folder leaves the repository or has a wildcard (a service
        named ``..`` or ``*``): :func:`check_repo_folder`, naming service and template.

    See Also
    --------
    check_path_template : The check of the template itself.
    service_folder_list : A service's folders from a template or a mapping.

    Examples
    --------
    >>> fill_path_template("src/{name}/", "cart")
    'src/cart/'
    >>> try:
    ...     fill_path_template("src/{name}/", "..")
    ... except InputError as e:
    ...     print(e.message)
    path 'src/../' has a '..' segment: service folders are inside the repository
    """
    path = template.format(name=name)
    try:
        check_repo_folder(path, entity=f"service {name!r} (service-path template {template!r})",
                          relative=False)
    except InputError as e:
        e.hint = "rename the service, or give --service-paths a CSV file of service,path rows"
        raise
    return normalise_folder(path)


def service_folder_list(service_paths: Mapping[str, str | Iterable[str]] | str, name: str) -> list[str]:
    """The repository folders of a service: a ``{name}`` template filled in, or the mapping's entry.

    Parameters
    ----------
    service_paths : str or mapping
        A template such as ``"src/{name}/"``, or service -> folder(s).
    name : str
        The service's name.

    Returns
    -------
    list of str
        The folders, normalised (none for a service the mapping does not list).

    Raises
    ------
    InputError
        A template whose filled-in folder is refused (:func:`fill_path_template`).

    See Also
    --------
    fill_path_template : Fills in a ``{name}`` template.
    teamsim.ownership.service_folders : The same folders, for the ownership analyses.

    Examples
    --------
    >>> service_folder_list("src/{name}/", "cart"), service_folder_list({"cart": ["a//b/"]}, "cart")
    (['src/cart/'], ['a/b/'])
    """
    if isinstance(service_paths, str):
        return [fill_path_template(service_paths, name)]
    v = service_paths.get(name)
    return [] if v is None else [normalise_folder(p) for p in ([v] if isinstance(v, str) else v)]


def _service_folders(service_paths: Mapping[str, str | Iterable[str]] | str, name: str) -> list[str]:
    """The repository folders of a service, each ending in ``/`` (``src/x`` is ``src/x/``)."""
    return [p.rstrip("/") + "/" for p in service_folder_list(service_paths, name)]
