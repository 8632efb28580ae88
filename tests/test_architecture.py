"""The shape of the package: imports run one way, and the library speaks to no particular front door.

The module graph is built from the source with ``ast`` (imports inside
functions count: they run too), so a new import that climbs a layer or closes
a circle fails here, in ``make test``, before anyone has to untangle it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "kvkdocs"

#: Top to bottom; a module may import its own layer and the layers below it, never one above.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("front doors", ("kvkdocs.cli", "kvkdocs.web", "kvkdocs._entry", "kvkdocs.__main__")),
    ("database", ("kvkdocs.db",)),
    ("verbs", ("kvkdocs.verbs", "kvkdocs.application")),
    ("checking, documents, output", ("kvkdocs.check", "kvkdocs.decisions", "kvkdocs.meeting", "kvkdocs.letters",
                                     "kvkdocs.draft", "kvkdocs.agreement", "kvkdocs.starter", "kvkdocs.batch",
                                     "kvkdocs.outfolder", "kvkdocs.files", "kvkdocs.report", "kvkdocs.rule_listing",
                                     "kvkdocs.templatefolder")),
    ("rules, readers, renderers", ("kvkdocs.rules", "kvkdocs.load", "kvkdocs.render", "kvkdocs.programmes",
                                   "kvkdocs.register", "kvkdocs.validation", "kvkdocs.reading", "kvkdocs.resources")),
    ("model, messages, errors", ("kvkdocs.findings", "kvkdocs.result", "kvkdocs.docmodel", "kvkdocs.messages",
                                 "kvkdocs.errors", "kvkdocs.amounts", "kvkdocs.dates", "kvkdocs.safetext",
                                 "kvkdocs._version")),
]
#: The package itself only re-exports names, imported on first use (see kvkdocs/__init__.py).
FACADE = "kvkdocs"
#: Who may import the web application and the database layer at all.
ONLY_FROM = {"kvkdocs.web": ("kvkdocs.cli", "kvkdocs.web"), "kvkdocs.db": ("kvkdocs.cli", "kvkdocs.web", "kvkdocs.db")}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _targets(module: str, node: ast.AST, is_package: bool, modules: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[:len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        names = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target for alias in node.names]
    out = []
    for name in names:
        if name != "kvkdocs" and not name.startswith("kvkdocs."):
            continue
        while name not in modules and "." in name:
            name = name.rsplit(".", 1)[0]
        out.append(name)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        deps = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                deps.update(_targets(module, node, path.name == "__init__.py", modules))
        deps.discard(module)
        graph[module] = deps
    return graph


def layer_of(module: str) -> int | None:
    for index, (_name, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def test_every_module_has_a_layer(graph):
    assert [m for m in graph if m != FACADE and layer_of(m) is None] == []


def test_imports_never_climb_a_layer(graph):
    climbing = [f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})"
                for a, deps in graph.items() if a != FACADE for b in deps
                if b != FACADE and layer_of(b) < layer_of(a)]
    assert climbing == []


def test_nothing_below_the_front_doors_imports_the_web_or_the_database(graph):
    offending = [f"{a} imports {b}" for a, deps in graph.items() for b in deps for guarded, allowed in ONLY_FROM.items()
                 if (b == guarded or b.startswith(guarded + ".")) and not any(a == p or a.startswith(p + ".") for p in allowed)]
    assert offending == []


def test_no_import_cycles(graph):
    assert cycles(graph) == []


def test_the_checker_finds_the_cycle_that_used_to_be_there():
    """The guard itself: the old circle (render/pdf → batch → letters → decisions → check → draft → render/pdf)."""
    old = {"kvkdocs.render.pdf": {"kvkdocs.batch"}, "kvkdocs.batch": {"kvkdocs.letters"},
           "kvkdocs.letters": {"kvkdocs.decisions"}, "kvkdocs.decisions": {"kvkdocs.check"},
           "kvkdocs.check": {"kvkdocs.draft"}, "kvkdocs.draft": {"kvkdocs.render.pdf"}, "kvkdocs.errors": set()}
    assert cycles(old) == [sorted(set(old) - {"kvkdocs.errors"})]


_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]+|«-[a-zA-Z] ")


def _raised_texts(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            for inner in ast.walk(node.exc):
                if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                    yield node.lineno, inner.value


def test_no_library_error_names_a_command_line_option():
    """The CLI adds its options at the edge (kvkdocs.errors.CHOICES); a web page has no «--force»."""
    mentions = []
    for module, path in _modules().items():
        if module.startswith("kvkdocs.cli"):
            continue
        for line, text in _raised_texts(ast.parse(path.read_text(encoding="utf-8"))):
            if _OPTION.search(text):
                mentions.append(f"{path.relative_to(ROOT)}:{line}: {text}")
    assert mentions == []


_COMMAND = re.compile(r"kvkdocs (?:" + "|".join((
    "validate", "read", "init", "draft", "agreement", "letters", "minutes", "rules", "programmes", "templates",
    "serve", "users", "db")) + r")\b")


def test_no_library_message_names_a_kvkdocs_command():
    """A web page has no «kvkdocs programmes» to run: the library says what to look at in words
    (kvkdocs.errors.CHOICES), and the CLI puts its command in their place."""
    from kvkdocs.messages import MESSAGES

    mentions = [f"messages.MESSAGES[{key!r}]: {text}" for key, forms in MESSAGES.items() for text in forms.values()
                if _COMMAND.search(text)]
    for module, path in _modules().items():
        if module.startswith(("kvkdocs.cli", "kvkdocs.web")):
            continue  # the front doors may name their own commands
        for line, text in _raised_texts(ast.parse(path.read_text(encoding="utf-8"))):
            if _COMMAND.search(text):
                mentions.append(f"{path.relative_to(ROOT)}:{line}: {text}")
    assert mentions == []


#: Modules whose errors people read in either målform: each is raised with a message key and its values.
#: The front doors put messages into words themselves; of the web, these pages already raise keys only.
KEYED_WEB = ("kvkdocs.web.intake", "kvkdocs.web.meetings")
#: Still raising bokmål sentences, being reworked elsewhere at the time of writing; shrink this, never grow it.
NOT_YET_KEYED: tuple[str, ...] = ()


def _library_sources() -> dict[str, ast.Module]:
    """Every module whose errors must carry a key: all but the front doors (and what is not keyed yet)."""
    return {module: ast.parse(path.read_text(encoding="utf-8")) for module, path in _modules().items()
            if not module.startswith(("kvkdocs.cli", *NOT_YET_KEYED))
            and (not module.startswith("kvkdocs.web") or module.startswith(KEYED_WEB))}


def _error_classes(trees) -> set[str]:
    """The names of every class that derives from KvkdocsError anywhere in the package (the db layer has its own)."""
    ours, grown = {"KvkdocsError"}, True
    classes = [node for tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    while grown:
        new = {c.name for c in classes if any(getattr(b, "id", getattr(b, "attr", "")) in ours for b in c.bases)}
        grown = bool(new - ours)
        ours |= new
    return ours


def _is_sentence(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_sentence(node.left) or _is_sentence(node.right)
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(node.value.strip())


def test_no_library_error_is_made_from_a_sentence():
    """A sentence raised from deep code is bokmål for ever; a Text (kvkdocs.messages) is said in the reader's målform.

    Any ``SomethingError("…")`` or ``SomethingError(f"…")`` outside the front doors fails, raised or returned.
    """
    every = [ast.parse(path.read_text(encoding="utf-8")) for path in _modules().values()]
    ours = _error_classes(every)
    sentences = []
    for module, tree in _library_sources().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and _is_sentence(node.args[0]) \
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) in ours:
                sentences.append(f"{module}:{node.lineno}")
    assert sentences == []


def test_the_sentence_check_sees_a_raise_spread_over_lines():
    tree = ast.parse('def f(x):\n    raise OutputError(\n        f"{x} finnes"\n        " ikke."\n    )\n')
    call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call))
    assert _is_sentence(call.args[0]) and "OutputError" in _error_classes([ast.parse("class OutputError(KvkdocsError): ...")])


def test_every_key_an_error_is_said_with_has_bokmal_and_nynorsk():
    """Every key the library passes to Text(...) exists, in both målformer (a missing nn would fall back to bokmål)."""
    from kvkdocs.errors import CHOICES, OS_ERRORS
    from kvkdocs.messages import MESSAGES, WORDS

    used = {node.args[0].value for tree in _library_sources().values() for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("Text", "_refuse")
            and node.args
            and isinstance(node.args[0], ast.Constant)}
    # The keys made from a name: the one table of operating-system errors, and the template problems' variants.
    used |= {key for key in OS_ERRORS.values() if key} | {"output.reason.other", "os.other", "os.unknown"}
    used |= {f"os.{name}" for name in OS_ERRORS}
    used |= {f"template.{prefix}-outside" for prefix in ("tr", "tc")} | {f"template.unit.{p}" for p in ("p", "tr", "tc")}
    assert len(used) > 150
    assert sorted(key for key in used if not (MESSAGES.get(key, {}).get("nb") and MESSAGES.get(key, {}).get("nn"))) == []
    # The words a message uses for a choice are the ones a front door replaces (errors.CHOICES).
    assert {key: WORDS[f"choice.{key}"]["nb"] for key in CHOICES} == CHOICES
    assert all(WORDS[f"choice.{key}"]["nn"] for key in CHOICES)


def test_an_error_says_its_sentence_in_nynorsk_and_keeps_its_bokmal_and_option_names(tmp_path):
    from kvkdocs.cli.base import OPTION_NAMES
    from kvkdocs.errors import OutputError, ProgrammeError
    from kvkdocs.files import OutputFile
    from kvkdocs.programmes import Catalogue

    (tmp_path / "rapport.html").write_text("x")
    with pytest.raises(OutputError) as caught:
        OutputFile(tmp_path / "rapport.html")
    name = str(tmp_path / "rapport.html")
    assert str(caught.value) == (f"{name} finnes allerede, og ingenting er endret. Velg et annet navn, "
                                 "eller bruk valget «skriv over» for å skrive over den.")
    assert caught.value.in_language("nn") == (f"{name} finst allereie, og ingenting er endra. Vel eit anna namn, "
                                              "eller bruk valet «skriv over» for å skrive over henne.")
    assert "eller bruk --force for å skrive over den." in caught.value.phrased(OPTION_NAMES)
    with pytest.raises(ProgrammeError) as caught:
        Catalogue().get("finnes-ikke")
    assert caught.value.in_language("nn").startswith("Ukjend programutgåve «finnes-ikke». Kjende utgåver: ")
    assert caught.value.in_language("nn").endswith("Sjå lista over programutgåvene kvkdocs kjenner.")


def test_the_command_line_names_its_commands_where_the_library_says_what_to_look_at():
    from kvkdocs.cli.base import OPTION_NAMES
    from kvkdocs.errors import ProgrammeError
    from kvkdocs.programmes import Catalogue

    with pytest.raises(ProgrammeError) as caught:
        Catalogue().get("finnes-ikke")
    assert "Se listen over programutgavene kvkdocs kjenner." in str(caught.value)
    assert caught.value.phrased(OPTION_NAMES).endswith("Se «kvkdocs programmes».")


def test_no_exception_carries_an_exit_code():
    from kvkdocs import errors
    from kvkdocs.db import accounts, engine, filestore

    classes = [v for m in (errors, accounts, engine, filestore) for v in vars(m).values()
               if isinstance(v, type) and issubclass(v, Exception)]
    assert all(issubclass(c, errors.KvkdocsError) for c in classes if c.__module__.startswith("kvkdocs"))
    assert [c.__name__ for c in classes if hasattr(c, "exit_code")] == []
