"""A scenario whose every name is markup: Markdown images and links, HTML, Streamlit directives.

Shared by the app tests (``tests/hostile/test_app_markup.py``, AppTest) and the browser
test (``tests/test_browser.py``, real Chromium). Names that would make a browser fetch
something point at ``url`` (a local server in the browser test, which must receive no
request); each entity kind has its own path, so a request names the kind that leaked.
"""

from __future__ import annotations

import json

__all__ = ["hostile_names", "hostile_scenario", "hostile_yaml"]


def hostile_names(kind: str, url: str = "http://127.0.0.1:9") -> list[str]:
    """Eight distinct names for entities of ``kind``, each one markup of some sort."""
    return [
        f"![{kind}]({url}/{kind}-md.png)",               # Markdown image: the browser fetches it
        f'<img src="{url}/{kind}-tag.png">',             # HTML image
        f"**{kind}** <b>b</b>",                           # emphasis, HTML tag
        f"[{kind}](javascript:alert(1))",                 # script link
        f":red[{kind}] :streamlit: $x^2$",                # Streamlit directive, logo, LaTeX
        f"{kind} & &lt;x&gt; -> <br> %{{x}}",             # entities, arrows, Plotly template
        f"<{url}/{kind}-auto> www.example.com/{kind}",    # autolinks
        f"={kind}+1 `{kind}` # _{kind}_",                 # formula, code, heading, italics
    ]


def hostile_scenario(url: str = "http://127.0.0.1:9") -> dict:
    """A valid scenario using every name of :func:`hostile_names` on every page of the app.

    Tools (with a prerequisite and a tool nobody holds), people, candidates, two teams
    with types, services (one shared, one orphaned, dependencies across teams),
    dated projects and a task.
    """
    tools, people, cands = (hostile_names(k, url) for k in ("tool", "person", "cand"))
    teams, svcs, projs = (hostile_names(k, url) for k in ("team", "svc", "proj"))
    return {
        "name": hostile_names("scenario", url)[0] + " **name**",
        "description": hostile_names("description", url)[1] + " :red[description]",
        "tools": [{"name": t, **({"requires": [tools[0]]} if i == 1 else {})}
                  for i, t in enumerate(tools)],
        # person i holds tools i and i+1: tool 6 has one holder, tool 7 none (a candidate's)
        "people": [{"name": p, "tools": [tools[i], tools[i + 1]]}
                   for i, p in enumerate(people[:6])],
        "candidates": [{"name": c, "tools": [tools[7]] if i == 0 else [tools[i]]}
                       for i, c in enumerate(cands[:3])],
        "teams": [
            {"name": teams[0], "members": people[:3], "type": "stream-aligned",
             "services": [svcs[0], {"name": svcs[1], "weight": 1}]},
            {"name": teams[1], "members": people[3:6], "type": "platform",
             "services": [svcs[2], {"name": svcs[1], "weight": 2}]},
        ],
        "services": [{"name": svcs[0], "depends_on": [svcs[1], svcs[2]]},
                     {"name": svcs[1], "depends_on": [svcs[2]]},
                     {"name": svcs[2]},
                     {"name": svcs[3], "depends_on": [svcs[0]]}],  # orphaned
        "projects": [{"name": projs[0], "members": people[:3], "year": 2020},
                     {"name": projs[1], "members": people[2:5], "year": 2021},
                     {"name": projs[2], "members": [people[0], people[5]], "year": 2021}],
        "tasks": [{"name": hostile_names("task", url)[0], "tools": tools[:3]}],
    }


def hostile_yaml(url: str = "http://127.0.0.1:9") -> bytes:
    """:func:`hostile_scenario` as a YAML file (JSON is YAML)."""
    return json.dumps(hostile_scenario(url), indent=1).encode()
