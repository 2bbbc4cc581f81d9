"""The session-level engine: a workload's deliveries and checks as numpy arrays, not lines.

For each mail and each device, the device's first check after the mail
arrives is found by arithmetic (checks are periodic); a deleting POP3 device
removes the mail from the server there, so later checks never see it. The
mailbox of each user is then a step function — changing only at deliveries and
removals — and every check between two changes costs the same, so a check that
finds nothing new costs one multiplication: the octets and lines of each state
are priced once (:mod:`mailsim.study.sizes`) and counted as many times as the
device checks in it. Storage is running totals: ``+size`` and ``-size`` at
their times, summed into the sample bins.

Times are microseconds. A mail sent at minute ``m`` is in its mailbox before
any check at ``m:30`` or later, and a check is over before the next one starts
(the timing rule of :mod:`mailsim.scenario.workload`), so the line-level run
happens in the same order. A sample at time ``T`` counts everything before ``T``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailsim.scenario.workload import DeviceSpec, Workload, check_count, check_times
from mailsim.study.devices import DevicePricer, DeviceResult
from mailsim.study.state import (
    NEVER,
    MailboxStates,
    Mails,
    Schedule,
    next_check,
    running_totals,
    time_of,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    IntArray = NDArray[np.int64]


@dataclass(slots=True)
class GroupResult:
    """One group of users under one set of devices."""

    delivered: int
    server_octets: IntArray  # per user, at the end
    server_series: IntArray  # at each sample
    server_by_user: IntArray | None  # (users, samples), when asked for
    devices: list[DeviceResult]


def schedules(workload: Workload) -> list[Schedule]:
    """Each device index's checks: (first, period, how many), in microseconds."""
    out = []
    for j in range(len(workload.devices)):
        offset, every = check_times(workload, j)
        out.append((offset, every, check_count(workload, j)))
    return out


def simulate(workload: Workload, devices: list[DeviceSpec], mails: Mails, samples: IntArray,
             *, by_user: bool = False) -> GroupResult:
    """Deliver ``mails`` and run every device's checks; see the module for the rules."""
    import numpy as np

    plans = schedules(workload)
    n = len(mails.arrival)
    first = [next_check(mails.arrival, plan) for plan in plans]
    first_time = [time_of(index, plan) for index, plan in zip(first, plans, strict=True)]
    removal = np.full(n, NEVER, dtype=np.int64)
    remover = np.full(n, -1, dtype=np.int64)
    for j, device in enumerate(devices):
        if device.protocol != "pop3" or (device.leave_on_server and device.delete_after is None):
            continue
        when = first_time[j]
        if device.leave_on_server and device.delete_after is not None:
            # at the first check more than delete_after after the download (see the README)
            wait = round(device.delete_after * 1_000_000) // plans[j][1] + 1
            when = time_of(np.minimum(first[j] + wait, plans[j][2]), plans[j])
        earlier = when < removal
        removal = np.where(earlier, when, removal)
        remover = np.where(earlier, j, remover)
    states = MailboxStates(mails, removal)
    # \Recent belongs to the first IMAP session after the arrival (RFC 3501 §2.3.2)
    recent_time = np.full(n, NEVER, dtype=np.int64)
    recent_device = np.full(n, -1, dtype=np.int64)
    for j, device in enumerate(devices):
        if device.protocol == "imap":
            sees = (first_time[j] < removal) & (first_time[j] < recent_time)
            recent_time = np.where(sees, first_time[j], recent_time)
            recent_device = np.where(sees, j, recent_device)
    server_series = (running_totals(mails.arrival, samples, mails.size)
                     - running_totals(removal, samples, mails.size))
    server_by_user = None
    if by_user:
        server_by_user = (
            running_totals(mails.arrival, samples, mails.size, mails.user, mails.users)
            - running_totals(removal, samples, mails.size, mails.user, mails.users))
    kept = removal >= NEVER
    server_octets = np.bincount(mails.user[kept], weights=mails.size[kept],
                                minlength=mails.users).round().astype(np.int64)
    results = []
    for j, device in enumerate(devices):
        pricer = DevicePricer(workload, device, plans[j], mails, states, samples,
                              by_user=by_user)
        if device.protocol == "pop3":
            expired = (remover == j) & device.leave_on_server
            results.append(pricer.pop3(first_time[j], removal, expired))
        else:
            results.append(pricer.imap(first_time[j], removal, recent_device == j, recent_time))
    return GroupResult(n, server_octets, server_series, server_by_user, results)
