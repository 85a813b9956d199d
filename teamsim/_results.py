"""The one base of teamsim's result models.

Every analysis returns frozen pydantic models built on :class:`Result`: they are
values (hashable where their fields are, never edited after construction), they
serialise with ``model_dump_json`` for ``--json`` and reports, and analyses that
build many of them from already-validated input use :meth:`Result._trusted_many`
instead of re-validating each one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

__all__ = ["Result"]

_R = TypeVar("_R", bound="Result")


class Result(BaseModel):
    """Base of every result model: frozen, validated on construction, no unknown fields.

    A field name that the model does not declare is refused (``extra="forbid"``)
    rather than silently dropped.

    Examples
    --------
    >>> class Pair(Result):
    ...     a: int
    ...     b: int
    >>> Pair(a=1, b=2).model_dump()
    {'a': 1, 'b': 2}
    >>> Pair._trusted(a=1, b=2) == Pair(a=1, b=2)
    True
    >>> Pair._trusted(a=1)
    Traceback (most recent call last):
    ...
    TypeError: Pair._trusted: missing fields ['b'], unknown fields []
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def metric_titles(cls) -> dict[str, str]:
        """Field name -> title of every field declared with ``Field(title=...)``: the model's
        metrics, with their readable labels, in declaration order.

        Examples
        --------
        >>> from pydantic import Field
        >>> class Team(Result):
        ...     name: str
        ...     size: int = Field(title="people")
        >>> Team.metric_titles()
        {'size': 'people'}
        """
        return {name: f.title for name, f in cls.model_fields.items() if f.title}

    @classmethod
    def _trusted(cls: type[_R], **values: Any) -> _R:
        """An instance from values computed here from validated input, without validation.

        Every field must be given, and nothing else: a field added to the model but not
        here raises ``TypeError`` at once instead of leaving an attribute unset.
        See :meth:`_trusted_many`.
        """
        if values.keys() != cls.model_fields.keys():
            missing = [f for f in cls.model_fields if f not in values]
            unknown = [f for f in values if f not in cls.model_fields]
            raise TypeError(f"{cls.__name__}._trusted: missing fields {missing}, unknown fields {unknown}")
        return cls._trusted_many([values])[0]

    @classmethod
    def _trusted_many(cls: type[_R], rows: Iterable[dict[str, Any]]) -> list[_R]:
        """Instances from dicts of every field's value, computed from validated input.

        Does what :meth:`pydantic.BaseModel.model_construct` does for a model without
        defaults to fill, extras or private attributes, without its per-call overhead
        (which made building 300,000 small results slower than validating them). The
        models are frozen, so the instances share one set of field names.
        """
        new, put, names = cls.__new__, object.__setattr__, set(cls.model_fields)
        out = []
        for values in rows:
            obj = new(cls)
            put(obj, "__dict__", values)
            put(obj, "__pydantic_fields_set__", names)
            put(obj, "__pydantic_extra__", None)
            put(obj, "__pydantic_private__", None)
            out.append(obj)
        return out
