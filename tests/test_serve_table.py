"""serve's table of listeners on a narrow terminal: nothing is cut, a long host:port folds."""

from __future__ import annotations

import re
from types import SimpleNamespace

from rich.console import Console

from mailsim.commands.serve import print_listeners
from mailsim.scenario import load_scenario


def _service(port: int, implicit: bool) -> SimpleNamespace:
    return SimpleNamespace(implicit_tls=implicit, starttls=not implicit, transport="tcp",
                           real_port=port, protocol="SMTP", host="mail.example.com", sim_port=port)


def test_both_submission_ports_can_be_told_apart_at_60_columns() -> None:
    server = SimpleNamespace(
        scenario=load_scenario("article-route"),
        listening=[SimpleNamespace(service=_service(587, False), port=2587),
                   SimpleNamespace(service=_service(465, True), port=2465)],
        options=SimpleNamespace(host="127.0.0.1", speed=1.0),
        certificate=SimpleNamespace(cert_path="/tmp/cert.pem"))
    console = Console(record=True, width=60)
    print_listeners(server, console)  # type: ignore[arg-type]
    text = console.export_text()
    assert "…" not in text
    # The listeners' rows (five cells; the accounts' have two), a cell's folded lines joined.
    cells = [re.split(r"\s*│\s*", line) for line in text.splitlines() if line.startswith("│")]
    host_cells = "".join(row[4] for row in cells if len(row) == 7)
    assert "mail.example.com:587" in host_cells and "mail.example.com:465" in host_cells
