"""The layers of docs/architecture.md, enforced: no import cycle, no import against the order.

The allowed dependencies below are the ones the architecture document lists;
change both together.
"""

from __future__ import annotations

import networkx as nx

from tests.design.import_graph import Import, component, imports

# Each component, and the components it may import. Anything not listed may
# import nothing of mailsim; `mailsim` is the package itself (`__version__`).
ALLOWED: dict[str, set[str]] = {
    "units": set(),
    "locales": set(),
    "protocols": set(),
    "mail": set(),
    "trace": set(),
    "sim": {"trace", "units"},
    "nodes": {"sim", "trace", "protocols", "mail", "units"},
    "scenario": {"nodes", "sim", "trace", "protocols", "mail", "units", "locales"},
    "study": {"scenario", "units", "protocols", "mail", "trace", "locales"},
    "views": {"study", "trace", "protocols", "locales", "units"},
    "live": {"scenario", "nodes", "sim", "trace", "protocols", "mail", "units", "locales"},
    "notebook": {"views", "study", "scenario", "trace", "locales", "units"},
    "commands": {"views", "live", "study", "scenario", "trace", "locales", "units", "mailsim"},
    "cli": {"commands", "scenario", "mailsim"},
    "__main__": {"cli"},
}


def _graph(edges: list[Import]) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_edges_from((e.importer, e.imported) for e in edges)
    return graph


def test_no_import_cycles() -> None:
    """Function-level imports count; only imports under TYPE_CHECKING (type names) may close a loop."""
    graph = _graph([e for e in imports() if not e.type_only])
    cycles = sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)
    assert cycles == []


def test_no_import_against_the_layer_order() -> None:
    """Type-only imports count here too: a view that names a scenario type depends on it."""
    wrong = sorted(
        f"{e.importer}:{e.line} imports {e.imported}"
        for e in imports()
        if component(e.importer) != component(e.imported)
        and component(e.imported) not in ALLOWED.get(component(e.importer), set())
    )
    assert wrong == []


def test_every_component_is_placed() -> None:
    """A new folder or top-level module must be given its place in the order."""
    assert {component(e.importer) for e in imports()} <= set(ALLOWED)


def test_the_graph_sees_function_level_imports() -> None:
    """The scanner itself: cli imports the commands inside main(), and that must be seen."""
    assert any(e.importer == "mailsim.cli" and e.imported.startswith("mailsim.commands")
               for e in imports())


def test_views_learn_about_protocols_only_through_views_protocols() -> None:
    """docs/architecture.md: one module of the views reads the registry; the others ask it."""
    readers = sorted({e.importer for e in imports()
                      if e.imported == "mailsim.protocols.registry"
                      and component(e.importer) in ("views", "commands")})
    assert readers == ["mailsim.views.protocols"]
