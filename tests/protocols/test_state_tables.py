"""Every engine's transition table and command table, checked as data."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest

from mailsim.protocols import engine, state_diagrams
from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.imap import client as imap_client
from mailsim.protocols.imap import server as imap_server
from mailsim.protocols.imap import states as imap
from mailsim.protocols.pop3 import client as pop3_client
from mailsim.protocols.pop3 import server as pop3_server
from mailsim.protocols.pop3 import states as pop3
from mailsim.protocols.smtp import client as smtp_client
from mailsim.protocols.smtp import client_base as smtp_client_base
from mailsim.protocols.smtp import server as smtp_server
from mailsim.protocols.smtp import server_base as smtp_server_base
from mailsim.protocols.smtp import states as smtp
from mailsim.protocols.transitions import StateMachine

Machine = StateMachine[Any, Any]

# Each machine and the engine modules that drive it.
ENGINES: list[tuple[Machine, tuple[Any, ...]]] = [
    (smtp.SERVER_MACHINE, (smtp_server, smtp_server_base)),
    (smtp.CLIENT_MACHINE, (smtp_client, smtp_client_base)),
    (pop3.SERVER_MACHINE, (pop3_server,)), (pop3.CLIENT_MACHINE, (pop3_client,)),
    (imap.SERVER_MACHINE, (imap_server,)), (imap.CLIENT_MACHINE, (imap_client,)),
]
MACHINES = list({id(machine): machine for machine, _ in ENGINES}.values())
by_name = pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)


def _moves(machine: Machine, state: Any) -> dict[Any, Any]:
    return {**machine.table[state], **machine.any_state}


@by_name
def test_every_state_is_listed_and_reachable_from_the_start(machine: Machine) -> None:
    states = set(type(machine.start))
    assert set(machine.table) == states
    seen, todo = {machine.start}, [machine.start]
    while todo:
        for target in _moves(machine, todo.pop()).values():
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen == states


@by_name
def test_every_trigger_is_used(machine: Machine) -> None:
    used = {trigger for _, trigger, _ in machine.edges()} | set(machine.any_state)
    assert used == set(machine.triggers)


@by_name
def test_no_dead_end_but_the_terminal_states(machine: Machine) -> None:
    assert machine.terminal, "a session must be able to end"
    for state, moves in machine.table.items():
        assert bool(moves) is (state not in machine.terminal), state
    assert machine.reading.isdisjoint(machine.terminal)


@pytest.mark.parametrize(("machine", "modules"), ENGINES, ids=[m[0].__name__ for _, m in ENGINES])
def test_the_engine_fires_every_trigger_of_its_table(machine: Machine, modules: tuple[Any, ...]) -> None:
    source = "".join(inspect.getsource(module) for module in (*modules, engine))
    named = set(re.findall(r"\b(?:ST|CT)\.([A-Z_]+)\b", source))
    assert {trigger.name for trigger in machine.triggers} <= named


@by_name
def test_a_move_the_table_does_not_list_is_refused(machine: Machine) -> None:
    missing = [(state, trigger) for state in machine.table for trigger in machine.triggers
               if trigger not in _moves(machine, state)]
    assert missing, "some move must be illegal"
    state, trigger = missing[0]
    with pytest.raises(LocalProtocolError, match=state.name):
        machine.next_state(state, trigger)


# --- command tables -------------------------------------------------------------------

COMMAND_TABLES = [
    (smtp.COMMANDS, smtp.SERVER_MACHINE, smtp_server._HANDLERS),
    (pop3.COMMANDS, pop3.SERVER_MACHINE, pop3_server._HANDLERS),
    (imap.COMMANDS, imap.SERVER_MACHINE, imap_server._HANDLERS),
]


@pytest.mark.parametrize(("table", "machine", "handlers"), COMMAND_TABLES,
                         ids=["SMTP", "POP3", "IMAP"])
def test_every_command_has_a_handler_and_states_that_read_commands(
        table: Any, machine: Machine, handlers: dict[str, Any]) -> None:
    assert table.commands == set(handlers)
    for command in table.commands:
        assert table.states[command], command
        assert table.states[command] <= machine.reading, command


def test_smtp_gives_every_command_out_of_sequence_its_own_503() -> None:
    # The generic "bad sequence" reply is a fallback that no listed command needs.
    for command, valid in smtp.COMMANDS.states.items():
        for state in smtp.COMMAND_STATES - valid:
            reply = smtp.COMMANDS.refusal(command, state)
            assert reply is not None and reply.code == 503
            assert reply != smtp.COMMANDS.wrong_state, (command, state)


def test_the_command_tables_answer_in_order_and_out_of_order() -> None:
    assert smtp.COMMANDS.refusal("MAIL", smtp.ServerState.READY) is None
    assert smtp.COMMANDS.refusal("MAIL", smtp.ServerState.GREETED) is smtp.codes.NEED_HELO
    assert pop3.COMMANDS.refusal("RETR", pop3.ServerState.TRANSACTION) is None
    assert pop3.COMMANDS.refusal("RETR", pop3.ServerState.AUTHORIZATION) is pop3.codes.WRONG_STATE
    assert imap.COMMANDS.refusal("FETCH", imap.ServerState.AUTHENTICATED) == imap.codes.WRONG_STATE
    assert not imap.COMMANDS.known("XYZZY")


def test_every_machine_in_the_package_is_checked_here() -> None:
    # A new engine's table is found by the diagram generator; it must be listed above too.
    assert {id(machine) for machine in state_diagrams.find_machines()} == set(map(id, MACHINES))
