"""Fuzzing the git-log and alias-map parsers: any text gives a result or a TeamsimError, nothing else."""

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from teamsim.errors import TeamsimError
from teamsim.importers.git import ANONYMOUS, FIRST_DATE, GitLog, parse_alias_map, parse_git_log, unquote_path

FUZZ = settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

# Log-shaped lines: real headers and numstat lines with hostile fields, plus junk.
_field = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=12)
_count = st.one_of(st.integers(-5, 10**6).map(str), st.just("-"), _field)
_date = st.one_of(st.dates(min_value=dt.date(1, 1, 1)).map(str), _field)
_header = st.builds(lambda h, d, a: f"--{h}--{d}--{a}", _field, _date, _field)
_numstat = st.builds(lambda a, d, p: f"{a}\t{d}\t{p}", _count, _count,
                     st.one_of(_field, st.just("x => y"), st.just("{a => b}/c"), st.just('"q\\303\\251"'),
                               st.builds(lambda a, b: f"{a} => {b}", _field, _field),
                               st.builds(lambda a, b, c: f"{a}{{{b} => }}{c}", _field, _field, _field)))
_line = st.one_of(_header, _numstat, st.just(""), st.just("   "), _field)
_log = st.one_of(st.lists(_line, max_size=25).map("\n".join),
                 st.lists(_line, max_size=25).map("\r\n".join),
                 st.text(max_size=300))


def _check_log(log: GitLog) -> None:
    """What every successfully parsed log promises."""
    assert isinstance(log, GitLog)
    last = dt.date.today() + dt.timedelta(days=366)
    for c in log.commits:
        assert c.hash.strip() and c.author == c.author.strip()
        assert c.author.casefold() not in ANONYMOUS
        assert FIRST_DATE <= c.date <= last
        for path, added, deleted in c.files:
            assert path and not path.isspace()
            assert added is None or (isinstance(added, int) and added >= 0)
            assert deleted is None or (isinstance(deleted, int) and deleted >= 0)
        assert [ch.path for ch in c.changes] == [f[0] for f in c.files]
    assert all(isinstance(w, str) and w for w in log.warnings)


@FUZZ
@given(_log, st.booleans(), st.sampled_from([None, True, False]))
@example("--a--2020-01-01--Ann\n-1\t0\tx\n", True, None)
@example("--a--0001-01-01--\n1\t0\t\"\\377\"\n", False, None)
@example("--a--2020-01-01--Ann\n1\t0\tp\n--b--2020-01-02--(no author)\n1\t0\tq\n", True, None)
@example("--a--2020-01-01--Ann\n1\t0\tx => \n", True, True)  # a rename to nothing
@example("--a--2020-01-01--Ann\n1\t0\t{ => }\n", True, True)
def test_any_log_text_parses_or_is_refused(text, merge_case, renames):
    try:
        log = parse_git_log(text, "fuzz.gitlog", merge_case=merge_case, renames=renames)
    except TeamsimError as e:
        assert e.message and e.file == "fuzz.gitlog"
        return
    _check_log(log)


@FUZZ
@given(st.text(max_size=300))
def test_any_text_is_a_log_or_a_refusal(text):
    try:
        _check_log(parse_git_log(text))
    except TeamsimError:
        pass


_name = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n#"), max_size=10)
_alias_line = st.one_of(
    st.builds(lambda c, ns: f"{c} = {', '.join(ns)}", _name, st.lists(_name, max_size=3)),
    st.builds(lambda p, pm, c, cm: f"{p} <{pm}> {c} <{cm}>", _name, _name, _name, _name),
    st.builds(lambda p, pm: f"{p} <{pm}>", _name, _name),
    _name, st.just("# comment"), st.just(""))
_alias_text = st.one_of(st.lists(_alias_line, max_size=15).map("\n".join), st.text(max_size=300))


@FUZZ
@given(_alias_text)
@example("A <x> <y>\nB <b=c@x> C <d>\n")
@example("a" + " " * 5000 + "x")  # no polynomial backtracking on long runs of spaces
@example("Ann = Bob\nBob = Ann\n")
def test_any_alias_text_parses_or_is_refused(text):
    try:
        aliases = parse_alias_map(text, "aliases.txt")
    except TeamsimError as e:
        assert e.message and e.file == "aliases.txt"
        return
    assert isinstance(aliases, dict)
    for alias, canon in aliases.items():
        assert isinstance(alias, str) and isinstance(canon, str) and alias and canon
        assert alias != canon and canon not in aliases  # chains are resolved, no cycles left


@FUZZ
@given(st.text(max_size=200))
def test_unquote_never_fails(path):
    assert isinstance(unquote_path(path), str)
    assert isinstance(unquote_path('"' + path + '"'), str)


def test_long_alias_chain_is_linear():
    n = 20_000
    text = "\n".join(f"n{i} = n{i + 1}" for i in range(n))
    aliases = parse_alias_map(text)
    assert len(aliases) == n and set(aliases.values()) == {"n0"}
