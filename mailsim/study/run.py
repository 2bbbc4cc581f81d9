"""A session-fidelity study: the workload's mails once, then each way of reading mail.

:func:`prepare` plans the mails and prices their sizes; :func:`run_devices`
runs one set of devices over every user, a group of users at a time (so memory
stays a few arrays of the group's mails), and adds the groups up. Tasks are
small and picklable, so ``compare`` runs them in worker processes
(:func:`mailsim.scenario.parallel.map_tasks`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from mailsim.scenario.compare import STRATEGIES, Strategy
from mailsim.scenario.mailplan import plan_mails
from mailsim.scenario.model import Scenario
from mailsim.scenario.workload import DAY_US, DeviceSpec, Workload, device_host, plan_seed
from mailsim.study.mailsize import plan_sizes
from mailsim.study.session import simulate
from mailsim.study.state import Mails

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    IntArray = NDArray[np.int64]

HOUR_US = 3_600_000_000
GROUP_USERS = 500  # users simulated together: bounds the arrays to their mails
OWN = "workload"  # the key of the workload's own devices


@dataclass(slots=True)
class DeviceTotals:
    """One device index over all users: traffic, what it keeps, what it can open."""

    protocol: str
    lines: int = 0
    octets: int = 0
    retrieved: int = 0
    local_octets: int = 0
    online: int = 0
    offline: int = 0
    local_series: IntArray | None = None
    offline_series: IntArray | None = None
    octets_series: IntArray | None = None


@dataclass(slots=True)
class StudyResult:
    """One way of reading mail over the whole workload."""

    key: str
    users: int
    samples: IntArray  # microseconds
    delivered: int = 0
    server_octets: int = 0
    server_series: IntArray | None = None
    devices: list[DeviceTotals] = field(default_factory=list)
    # per device host (small studies only): (octets kept, online, offline)
    per_device: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    per_device_series: dict[str, IntArray] = field(default_factory=dict)
    server_by_user: IntArray | None = None


def strategy_devices(workload: Workload, strategy: Strategy) -> list[DeviceSpec]:
    """The workload's devices reading mail the way ``strategy`` says (as
    :func:`mailsim.scenario.compare.with_strategy` does at line level)."""
    return [DeviceSpec(protocol=strategy.protocol,  # type: ignore[arg-type]
                       leave_on_server=strategy.leave_on_server,
                       delete_after=d.delete_after if strategy.leave_on_server else None,
                       cache=strategy.cache, every=d.every) for d in workload.devices]


def sample_times(workload: Workload, every: int = HOUR_US) -> IntArray:
    """Every hour of the study, its end included."""
    import numpy as np

    return np.arange(0, workload.days * DAY_US + 1, every, dtype=np.int64)


def prepare(scenario: Scenario) -> Mails:
    """Every user's incoming mail with its size, sorted by recipient and arrival."""
    import numpy as np

    workload = scenario.workload
    assert workload is not None
    plan = plan_mails(workload, plan_seed(workload, scenario.seed))
    size, header = plan_sizes(workload, plan, scenario.start)
    # the plan is in time order, so a stable sort by recipient keeps each one's in time order
    order = np.argsort(plan.recipient, kind="stable")
    # kept compact (the groups widen their part to int64)
    return Mails(0, workload.users, cast("IntArray", plan.recipient[order]), plan.send_us[order],
                 cast("IntArray", size[order]), cast("IntArray", header[order]))


def groups(mails: Mails, size: int = GROUP_USERS) -> list[Mails]:
    """``mails`` cut into groups of ``size`` users, each widened to int64."""
    import numpy as np

    out = []
    for offset in range(0, mails.users, size):
        first = mails.first_user + offset
        users = min(size, mails.users - offset)
        lo, hi = np.searchsorted(mails.user, [first, first + users])
        out.append(Mails(first, users, mails.user[lo:hi].astype(np.int64) - first,
                         mails.arrival[lo:hi].astype(np.int64),
                         mails.size[lo:hi].astype(np.int64), mails.header[lo:hi].astype(np.int64)))
    return out


def users_slice(mails: Mails, first: int, users: int) -> Mails:
    """The mails of users ``first`` .. ``first + users - 1`` (``mails`` holds every user)."""
    import numpy as np

    lo, hi = np.searchsorted(mails.user, [first, first + users])
    return Mails(first, users, mails.user[lo:hi], mails.arrival[lo:hi], mails.size[lo:hi],
                 mails.header[lo:hi])


def run_devices(scenario: Scenario, key: str, devices: list[DeviceSpec], mails: Mails, *,
                by_user: bool = False) -> StudyResult:
    """Run ``devices`` for the users of ``mails`` and add up what they did."""
    import numpy as np

    workload = scenario.workload
    assert workload is not None
    samples = sample_times(workload)
    total = StudyResult(key, mails.users, samples)
    total.server_series = np.zeros(len(samples), dtype=np.int64)
    total.devices = [DeviceTotals(d.protocol, local_series=np.zeros(len(samples), np.int64),
                                  offline_series=np.zeros(len(samples), np.int64),
                                  octets_series=np.zeros(len(samples), np.int64))
                     for d in devices]
    for group in groups(mails, GROUP_USERS if not by_user else mails.users):
        result = simulate(workload, devices, group, samples, by_user=by_user)
        total.delivered += result.delivered
        total.server_octets += int(result.server_octets.sum())
        total.server_series += result.server_series
        for j, (sum_, part) in enumerate(zip(total.devices, result.devices, strict=True)):
            sum_.lines += part.lines
            sum_.octets += part.octets
            sum_.retrieved += part.retrieved
            sum_.local_octets += int(part.local_octets.sum())
            sum_.online += int(part.online.sum())
            sum_.offline += int(part.offline.sum())
            sum_.local_series += part.local_series  # type: ignore[operator]
            sum_.offline_series += part.offline_series  # type: ignore[operator]
            sum_.octets_series += part.octets_series  # type: ignore[operator]
            if by_user:
                for u in range(group.users):
                    name = device_host(workload, group.first_user + u, j)  # absolute user
                    total.per_device[name] = (int(part.local_octets[u]), int(part.online[u]),
                                              int(part.offline[u]))
                    assert part.local_by_user is not None
                    total.per_device_series[name] = part.local_by_user[u]
        if by_user and result.server_by_user is not None:
            total.server_by_user = (result.server_by_user if total.server_by_user is None
                                    else np.vstack([total.server_by_user, result.server_by_user]))
    return total


def run_strategy(scenario: Scenario, strategy: Strategy, *, by_user: bool = False) -> StudyResult:
    workload = scenario.workload
    assert workload is not None
    return run_devices(scenario, strategy.key, strategy_devices(workload, strategy),
                       prepare(scenario), by_user=by_user)


def strategy_by_key(key: str) -> Strategy:
    return next(s for s in STRATEGIES if s.key == key)
