"""CODEOWNERS matching checked against GitHub's documented cases and against the
``codeowners`` package (an independent implementation of GitHub's rules) as an oracle."""

import pytest
from codeowners import CodeOwners
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim.importers.codeowners import owners_of, parse_codeowners

# The example file of GitHub's documentation ("About code owners", CODEOWNERS syntax).
GITHUB_EXAMPLE = """\
# This is a comment.
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
"""

# What the comments of GitHub's example say, one small file per documented rule.
DOCUMENTED = [
    ("*.js @js-owner", "src/app.js", ("@js-owner",)),
    ("*.go docs@example.com", "cmd/x/main.go", ("docs@example.com",)),
    ("/build/logs/ @doctocat", "build/logs/2026/a.log", ("@doctocat",)),
    ("/build/logs/ @doctocat", "x/build/logs/a.log", ()),              # anchored at the root
    ("docs/* docs@example.com", "docs/getting-started.md", ("docs@example.com",)),
    ("docs/* docs@example.com", "docs/build-app/troubleshooting.md", ()),  # not nested files
    ("apps/ @octocat", "x/y/apps/main.rb", ("@octocat",)),              # apps/ at any depth
    ("**/logs @octocat", "deeply/nested/logs/x.log", ("@octocat",)),
    ("**/logs @octocat", "build/logs/x.log", ("@octocat",)),
    ("/apps/ @octocat\n/apps/github", "apps/github/x.rb", ()),         # a rule with no owners
    ("/apps/ @octocat\n/apps/github", "apps/web/x.rb", ("@octocat",)),
]


@pytest.mark.parametrize(("text", "path", "owners"), DOCUMENTED)
def test_githubs_documented_cases(text, path, owners):
    assert owners_of(parse_codeowners(text), path) == owners
    assert tuple(o for _, o in CodeOwners(text).of(path)) == owners  # the oracle agrees


PATHS = ["README.md", "a.js", "src/a.js", "x/y/z.go", "build/logs/a.log", "docs/getting-started.md",
         "docs/build-app/troubleshooting.md", "apps/a.rb", "x/apps/b.rb", "scripts/run.sh",
         "deeply/nested/logs/x", "apps/github/a.rb", "b.txt", "x/b.txt", "docsx/a", "build/a"]


@pytest.mark.parametrize("path", PATHS)
def test_githubs_example_file_agrees_with_the_oracle(path):
    ours = owners_of(parse_codeowners(GITHUB_EXAMPLE), path)
    assert ours == tuple(o for _, o in CodeOwners(GITHUB_EXAMPLE).of(path))


SEGMENTS = st.sampled_from(["a", "b", "ab", "*", "**", "a*", "*.js", "?b", "x.js"])
NAMES = st.sampled_from(["a", "b", "ab", "x.js", "bb", "a.js"])
PATTERN = st.builds(lambda segs, lead, trail: ("/" if lead else "") + "/".join(segs) + ("/" if trail else ""),
                    st.lists(SEGMENTS, min_size=1, max_size=4), st.booleans(), st.booleans())
PATH = st.lists(NAMES, min_size=1, max_size=5).map("/".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(PATTERN, min_size=1, max_size=4), st.lists(PATH, min_size=1, max_size=5))
def test_random_patterns_match_as_the_oracle_does(patterns, paths):
    text = "".join(f"{p} @o{i}\n" for i, p in enumerate(patterns))
    rules, oracle = parse_codeowners(text), CodeOwners(text)
    for path in paths:
        assert owners_of(rules, path) == tuple(o for _, o in oracle.of(path)), (text, path)
