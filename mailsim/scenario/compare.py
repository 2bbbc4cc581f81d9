"""Run one mail workload under each way of reading mail, for ``mailsim compare``.

The scenario's sends, checks, reads and outages stay as they are; only the
mail clients of its devices change strategy. Each run gives its own trace, and
everything shown afterwards is read from those traces.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.scenario.build import run_scenario
from mailsim.scenario.model import (
    ClientHost,
    IMAPConfig,
    IncomingConfig,
    MailServerHost,
    POP3Config,
    Scenario,
)
from mailsim.scenario.parallel import map_tasks
from mailsim.trace import Trace


@dataclass(frozen=True, slots=True)
class Strategy:
    key: str
    label: str
    protocol: str
    leave_on_server: bool = False
    cache: bool = False


STRATEGIES = (
    Strategy("pop3-delete", "POP3, delete after download", "pop3"),
    Strategy("pop3-keep", "POP3, leave on server", "pop3", leave_on_server=True),
    Strategy("imap", "IMAP", "imap"),
    Strategy("imap-cache", "IMAP with local cache", "imap", cache=True),
)


def with_strategy(scenario: Scenario, strategy: Strategy) -> Scenario:
    """A copy of ``scenario`` whose devices read mail the way ``strategy`` says.

    Servers that a device reads from are made to offer both POP3 and IMAP.
    """
    hosts = dict(scenario.hosts)
    for name, host in scenario.hosts.items():
        if not isinstance(host, ClientHost):
            continue
        incoming = IncomingConfig(
            protocol=strategy.protocol,  # type: ignore[arg-type]
            leave_on_server=strategy.leave_on_server,
            delete_after=host.incoming.delete_after if strategy.leave_on_server else None,
            cache=strategy.cache,
            tls=host.incoming.tls,
            # a device that idles keeps doing so under IMAP: polling vs push stays visible
            idle=host.incoming.idle and strategy.protocol == "imap",
        )
        hosts[name] = host.model_copy(update={"incoming": incoming})
        server = hosts.get(host.mail_server)
        if isinstance(server, MailServerHost):
            hosts[host.mail_server] = server.model_copy(update={
                "pop3": server.pop3 or POP3Config(), "imap": server.imap or IMAPConfig(),
            })
    return scenario.model_copy(update={"hosts": hosts})


def run_strategies(scenario: Scenario, seed: int | None = None, *,
                   workers: int | None = None) -> dict[str, Trace]:
    """One trace per strategy, keyed by the strategy's key (``pop3-delete``...), in order.

    The four runs are independent, so they go to worker processes, one per core
    (``workers`` overrides it; 1 runs them here): each run is seeded by itself,
    so the traces are the same either way.
    """
    tasks = [(with_strategy(scenario, s), seed) for s in STRATEGIES]
    names = [f"compare: the run with {s.label}" for s in STRATEGIES]
    traces = map_tasks(_run, tasks, workers=workers, names=names)
    return {s.key: trace for s, trace in zip(STRATEGIES, traces, strict=True)}


def _run(task: tuple[Scenario, int | None]) -> Trace:
    """One strategy's run, in a worker process."""
    scenario, seed = task
    return run_scenario(scenario, seed=seed)


def strategy_labels() -> dict[str, str]:
    """Each strategy's English label by key: the fallback views use when a catalogue lacks one."""
    return {s.key: s.label for s in STRATEGIES}
