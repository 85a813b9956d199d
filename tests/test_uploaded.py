"""teamsim.importers.uploaded: sources given as bytes (the app's uploads) read through read()."""

import tempfile

import pytest

from teamsim.errors import InputError, TeamsimError
from teamsim.importers import read, warnings_by_kind
from teamsim.importers.uploaded import ALIASES, UPLOAD_KINDS, detect_uploads, provenance_rows, read_uploads

from .conftest import DATA, SCENARIOS

DEMO = DATA / "backstage-demo"
DEPS = b"source,target\npodcast-api,queue-proxy\nbilling,podcast-api\n"
LOG = b"--a1--2020-01-01--Ann Lee\n3\t0\tsrc/api/main.go\n\n--a2--2020-02-01--alee\n1\t1\tsrc/api/x.go\n"


@pytest.fixture(autouse=True)
def tmp(tmp_path, monkeypatch):
    """Uploads are copied below tmp_path: every test checks that nothing is left there."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    yield tmp_path
    assert list(tmp_path.iterdir()) == []


def _demo(*names):
    return [(f"client/folder/{n}", (DEMO / n).read_bytes()) for n in names]


def test_catalog_files_read_as_one_catalog_like_their_folder(tmp_path):
    names = [p.relative_to(DEMO).as_posix() for p in sorted(DEMO.rglob("*.yaml"))]
    files = _demo(*names)
    detected = detect_uploads(files)
    # an OpenAPI file has no apiVersion/kind: alone it would be a scenario; chosen as
    # part of the catalog, it is the text of an API entity, as in the folder
    assert [n for n, k in zip(names, detected) if k != "backstage"] == ["apis/petstore-webhook.oas.yaml"]
    r = read_uploads(files, ["backstage"] * len(files))
    folder = read(DEMO)
    # a flat upload loses the folders, so Location targets such as ./components/x.yaml are
    # missing; every entity is still read once, and owners resolve across files
    def shape(sc):  # files are read in another order: services of a team may come in another order
        return (sc.people, sorted(sc.services, key=lambda x: x.name),
                {t.name: (t.members, sorted(t.service_names)) for t in sc.teams})

    assert shape(r.scenario) == shape(folder.scenario) and len(r.scenario.services) == 14
    assert r.kinds[0] == ("backstage-group.yaml", "backstage") and len(r.kinds) == len(names)
    assert not any("does not resolve" in w.message and "group:" in w.message for w in r.warnings)
    assert all(str(tmp_path) not in w.render() for w in r.warnings)


def test_files_with_one_name_in_one_catalog_are_both_read():
    ent = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {{name: {}}}\nspec: {{owner: web}}\n"
    r = read_uploads([("a/catalog-info.yaml", ent.format("shop").encode()),
                      ("b/catalog-info.yaml", ent.format("cart").encode())])
    assert sorted(s.name for s in r.scenario.services) == ["cart", "shop"]
    assert r.kinds == [("catalog-info.yaml", "backstage")] * 2


def test_kinds_provenance_and_messages_name_the_uploads():
    owners = b"/queue-proxy/ @acme/team-b\n/billing/ @acme/payments\n"
    files = _demo("acme/team-b-group.yaml", "components/queue-proxy-component.yaml")
    files += [("C:\\me\\CODEOWNERS", owners), ("deps.csv", DEPS)]
    assert detect_uploads(files) == ["backstage", "backstage", "codeowners", "dependencies"]
    r = read_uploads(files)
    assert r.scenario.name == "team-b-group.yaml + queue-proxy-component.yaml + CODEOWNERS + deps.csv"
    assert sorted(r.sources) == ["CODEOWNERS", "deps.csv", "queue-proxy-component.yaml", "team-b-group.yaml"]
    assert provenance_rows(r.provenance)[:3] == [
        ("service", "billing", "deps.csv", "dependencies"), ("service", "billing", "CODEOWNERS", "paths"),
        ("service", "podcast-api", "deps.csv", "dependencies")]
    assert {w.file for w in r.warnings} <= {"team-b-group.yaml", "queue-proxy-component.yaml", "CODEOWNERS",
                                           "deps.csv"}
    kinds = {k: len(ws) for k, ws in warnings_by_kind(r.warnings)}
    assert kinds["service only in a dependency list"] == 2  # billing and podcast-api
    assert kinds["unresolved reference"] == 2  # the group's parent, the component's system


def test_git_log_with_its_aliases_file():
    r = read_uploads([("aliases.txt", b"Ann Lee = alee, nobody\n"), ("h.gitlog", LOG)])
    assert [p.name for p in r.scenario.people] == ["Ann Lee"]
    assert r.kinds == [("aliases.txt", ALIASES), ("h.gitlog", "git-log")]
    unused = [w for w in r.warnings if w.kind == "unused alias"]
    assert len(unused) == 1 and unused[0].file == "aliases.txt" and "nobody" in unused[0].message


def test_one_aliases_file_applies_to_every_git_log():
    # alee is in the first log only, bobby in the second: both are used; cyy matches no author
    other = b"--b1--2020-01-01--Bob\n3\t0\tsrc/web/main.go\n\n--b2--2020-02-01--bobby\n1\t1\tsrc/web/x.go\n"
    r = read_uploads([("one.gitlog", LOG), ("two.gitlog", other),
                      ("aliases.txt", b"Ann Lee = alee\nBob = bobby\nCy = cyy\n")])
    assert sorted(p.name for p in r.scenario.people) == ["Ann Lee", "Bob"]
    assert [(w.file, w.message) for w in r.warnings] == [
        ("aliases.txt", "1 alias in aliases.txt matches no author: cyy")]
    assert r.git_log is None  # two histories: none of them is "the" history


def test_aliases_without_a_git_log_are_a_warning_not_silence():
    r = read_uploads([("deps.csv", DEPS), (".mailmap", b"Ann <a@x> <b@x>\n")])
    unused = [(w.file, w.kind) for w in r.warnings if w.kind == "unused alias"]
    assert unused == [(".mailmap", "unused alias")]


@pytest.mark.parametrize("files, kinds, message", [
    ([("broken.yaml", b"people: [\n  {name: A\n")], None, "broken.yaml:3: error: malformed YAML"),
    ([("x.md", b"hi")], None, "x.md: error: unknown input type '.md'"),
    ([("aliases.txt", b"a = b\n")], None, "aliases.txt: error: only an aliases file was uploaded"),
    ([("h.gitlog", LOG), ("aliases.txt", b"a = b\n"), ("more-aliases.txt", b"c = d\n")], None,
     "more-aliases.txt: error: 2 alias files uploaded"),
    ([("CODEOWNERS", b"* @a/b\n")], None, "CODEOWNERS: error: a CODEOWNERS file needs the services"),
    ([("deps.csv", DEPS)], ["nonsense"], "deps.csv: error: unknown kind 'nonsense'"),
    ([("deps.csv", DEPS)], [None, None], "error: 2 kinds for 1 files"),
    ([], None, "error: no file uploaded"),
    ([("../../etc/nul.yaml", b"tools: []\n\x00")], None, "nul.yaml:2: error: contains a NUL byte"),
], ids=["malformed", "unknown", "only-aliases", "two-aliases", "codeowners-alone", "bad-kind",
        "kinds-count", "none", "nul"])
def test_bad_uploads_are_one_message_naming_the_upload(files, kinds, message, tmp_path):
    with pytest.raises(TeamsimError) as e:
        read_uploads(files, kinds)
    assert e.value.render().startswith(message), e.value.render()
    assert str(tmp_path) not in e.value.render() and "teamsim-upload-" not in e.value.render()


def test_a_kind_chosen_reads_a_file_detection_would_refuse():
    owners = (SCENARIOS / "online-boutique" / "CODEOWNERS").read_bytes()
    deps = (SCENARIOS / "service-graphs" / "online-boutique.csv").read_bytes()
    assert detect_uploads([("owners.txt", owners)]) == [None]
    r = read_uploads([("graph.csv", deps), ("owners.txt", owners)], [None, "codeowners"],
                     service_paths="src/{name}/")
    same = read([SCENARIOS / "service-graphs" / "online-boutique.csv",
                 SCENARIOS / "online-boutique" / "CODEOWNERS"], service_paths="src/{name}/")
    assert r.scenario.teams == same.scenario.teams and r.kinds[1] == ("owners.txt", "codeowners")


def test_limits_on_count_and_size(monkeypatch):
    monkeypatch.setenv("TEAMSIM_MAX_FILE_BYTES", "10")
    with pytest.raises(InputError, match="TEAMSIM_MAX_FILE_BYTES"):
        read_uploads([("deps.csv", DEPS)])
    monkeypatch.setenv("TEAMSIM_MAX_CATALOG_FILES", "1")
    with pytest.raises(InputError, match="TEAMSIM_MAX_CATALOG_FILES"):
        detect_uploads([("a.csv", b""), ("b.csv", b"")])


def test_read_takes_one_kind_per_path():
    csv = SCENARIOS / "service-graphs" / "dsb-hotel.csv"
    assert [k for _, k in read([csv, SCENARIOS / "diversity-bonus.yaml"], kind=[None, "scenario"]).kinds] == [
        "dependencies", "scenario"]
    with pytest.raises(InputError, match="1 kinds for 2 sources"):
        read([csv, csv], kind=["dependencies"])
    assert "git-repo" not in UPLOAD_KINDS  # a browser sends files, never a folder


def test_a_git_log_with_teams_is_history_as_the_cli_reads_it():
    # team-a's group file gives user1..3 and guest; the log's authors: user1 (a member), two strangers
    log = (b"--a1--2020-01-01--user1\n3\t0\tservices/artist-lookup/main.go\n\n"
           b"--a2--2020-02-01--Stranger One\n1\t1\tservices/artist-lookup/x.go\n\n"
           b"--a3--2020-03-01--stranger2\n1\t1\tservices/artist-lookup/y.go\n")
    files = _demo("acme/team-a-group.yaml", "components/artist-lookup-component.yaml")
    files += [("my history.gitlog", log), ("aliases.txt", b"Stranger One = stranger2\n")]
    r = read_uploads(files, service_paths="services/{name}/")
    people = sorted(p.name for p in r.scenario.people)
    assert people == sorted(p.name for p in read_uploads(files[:2]).scenario.people)  # no author added
    assert len(people) == 5  # user1..3 and guest in two namespaces
    assert [k for _, k in r.kinds] == ["backstage", "backstage", "git-history", ALIASES]
    assert [(c.author, c.hash) for c in r.git_log.commits][1:] == [("Stranger One", "a2"),
                                                                   ("Stranger One", "a3")]
    assert r.scenario.name == "team-a-group.yaml + artist-lookup-component.yaml + my history.gitlog"
    assert r.provenance.teams["team-a"] == [("team-a-group.yaml + artist-lookup-component.yaml", "members"),
                                           ("team-a-group.yaml + artist-lookup-component.yaml", "services")]
    # the user's choice: the authors as people; and without teams the log stays a people source
    chosen = read_uploads(files, [None, None, "git-log", None], service_paths="services/{name}/")
    assert {"Stranger One"} <= {p.name for p in chosen.scenario.people} and chosen.kinds[2][1] == "git-log"
    alone = read_uploads([("deps.csv", DEPS), ("h.gitlog", LOG)])
    assert alone.kinds[1] == ("h.gitlog", "git-log") and [p.name for p in alone.scenario.people] == [
        "Ann Lee", "alee"]


def test_the_matrix_and_tools_csv_teamsim_exports_reimport_together(tmp_path):
    from teamsim.importers import load_scenario
    from teamsim.importers.skills_csv import read_skills_matrix, skills_matrix_csv, tools_csv

    s = load_scenario(SCENARIOS / "hiring.yaml")
    matrix, tools = skills_matrix_csv(s).encode(), tools_csv(s).encode()
    files = [("Skill matrix.csv", matrix), ("tools.csv", tools)]
    assert detect_uploads(files) == ["skills", "tools"]
    assert detect_uploads([files[1], files[0]]) == ["tools", "skills"]
    r = read_uploads([files[1], files[0]])                  # either order
    assert r.kinds == [("tools.csv", "tools"), ("Skill matrix.csv", "skills")] and r.warnings == []
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "m.csv").write_bytes(matrix)
    (tmp_path / "cli" / "t.csv").write_bytes(tools)
    cli = read_skills_matrix(tmp_path / "cli" / "m.csv", tmp_path / "cli" / "t.csv")
    for f in (tmp_path / "cli").iterdir():
        f.unlink()
    (tmp_path / "cli").rmdir()
    assert r.scenario.tools == cli.tools == s.tools          # prerequisites and values kept
    assert r.scenario.model_dump(exclude={"name"}) == cli.model_dump(exclude={"name"})
    # a header with a tool called "requires" but no tool column is a matrix, not a tools file
    assert detect_uploads([("m.csv", b"name,requires,Go\nAnn,1,1\n"),
                           ("t.csv", b"name;requires;value\nGo;;2\n")]) == ["skills", "tools"]


def test_tools_files_alone_twice_or_unused_are_named():
    from teamsim.importers.skills_csv import tools_csv

    tools = tools_csv(read([SCENARIOS / "hiring.yaml"]).scenario).encode()
    with pytest.raises(InputError) as e:
        read_uploads([("tools.csv", tools)])
    assert (e.value.message, e.value.file) == ("only a tools file was uploaded", "tools.csv")
    assert "skills matrix" in e.value.hint
    with pytest.raises(InputError, match="2 tools files uploaded") as e:
        read_uploads([("a.csv", tools), ("b.csv", tools), ("m.csv", b"name,Go\nAnn,1\n")])
    assert e.value.file == "b.csv"
    r = read_uploads([("deps.csv", DEPS), ("tools.csv", tools)])
    assert [(w.message, w.file) for w in r.warnings] == [
        ("no skills matrix uploaded: the tools file is not used", "tools.csv")]
