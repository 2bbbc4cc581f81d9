"""Every mail of a workload, planned at once: who sends what to whom, and when.

A :class:`MailPlan` is a few numpy arrays (21 bytes a mail), sorted by send
time, made by :func:`plan_mails` from one numpy Generator seeded from the
workload's seed. Both fidelities read the same plan, and build each mail's
text with the same pure functions (:func:`subject_of`, :func:`body_of`).

The rule (exact, so counts can be checked): each user sends exactly
``mails_per_user_per_day`` mails on each day. The day is cut into that many
slots of whole minutes; the user's ``n``-th mail of a day is sent at a random
whole minute of slot ``n`` (second 0), so one user never sends two mails in
the same minute. Each mail has one recipient, drawn uniformly from the other
users (any domain), never the sender, and a body of 1 to
:data:`MAX_BODY_LINES` lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailsim.scenario.workload import DAY_US, MINUTE_US, Workload, mail_count

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MAX_BODY_LINES = 20
BODY_LINE = "This line stands for the text of a mail in a generated workload.\n"
_MINUTES_PER_DAY = DAY_US // MINUTE_US


@dataclass(frozen=True, eq=False)
class MailPlan:
    """The workload's mails, sorted by send time (ties: by sender, then by the sender's order)."""

    send_us: NDArray[np.int64]  # microseconds after the scenario's start, whole minutes
    sender: NDArray[np.int32]  # user indexes (see mailsim.scenario.workload's names)
    recipient: NDArray[np.int32]
    body_lines: NDArray[np.uint8]  # 1..MAX_BODY_LINES
    number: NDArray[np.int32]  # the mail's position in the whole plan (kept by select)

    def __len__(self) -> int:
        return len(self.send_us)

    def subject(self, mail: int) -> str:
        """The subject of the plan's ``mail``-th row."""
        return subject_of(int(self.number[mail]))

    def body(self, mail: int) -> str:
        return body_of(int(self.body_lines[mail]))

    def select(self, keep: NDArray[np.bool_]) -> MailPlan:
        """The mails where ``keep`` is true, in time order, each keeping its number (so its subject)."""
        return MailPlan(self.send_us[keep], self.sender[keep], self.recipient[keep],
                        self.body_lines[keep], self.number[keep])


def subject_of(number: int) -> str:
    """Mail ``number`` of the whole plan (from 0) has the subject ``Note {number+1}``."""
    return f"Note {number + 1}"


def body_of(lines: int) -> str:
    """A body of ``lines`` lines of :data:`BODY_LINE` (each ends with a line break)."""
    return BODY_LINE * lines


def numpy_seed(seed: int) -> int:
    """A scenario seed (any 64-bit signed number) as the non-negative number numpy wants."""
    return seed & (2**64 - 1)


def plan_mails(workload: Workload, seed: int) -> MailPlan:
    """Every mail of ``workload``, deterministic in ``seed``, vectorised."""
    import numpy as np

    if mail_count(workload) >= 2**31:
        raise ValueError("a plan holds fewer than 2**31 mails")  # the budget refuses far sooner
    rng = np.random.default_rng(numpy_seed(seed))
    users, days, rate = workload.users, workload.days, workload.mails_per_user_per_day
    if rate == 0:
        empty = np.empty(0, dtype=np.int32)
        return MailPlan(empty.astype(np.int64), empty, empty, empty.astype(np.uint8), empty)
    shape = (days, users, rate)
    # Slot n covers the whole minutes [floor(n*w), floor((n+1)*w)), w = 1440/rate > 1.
    edges = (np.arange(rate + 1, dtype=np.int64) * _MINUTES_PER_DAY) // rate
    first, width = edges[:-1], np.diff(edges)
    offset = (rng.random(shape) * width).astype(np.int64)  # < width: stays inside its slot
    minute = first + offset + np.arange(days, dtype=np.int64)[:, None, None] * _MINUTES_PER_DAY
    # One key per mail, unique (a user never sends twice in a minute): sorting the keys
    # alone orders the mails by time, then by sender, cheaper than an argsort.
    key = (minute * users + np.arange(users, dtype=np.int64)[None, :, None]).ravel()
    key.sort()
    send_us = (key // users) * MINUTE_US
    sender = (key % users).astype(np.int32)
    del key
    # Another user, uniformly: add 1..users-1 to the sender, modulo the users.
    shift = rng.integers(1, users, size=send_us.size, dtype=np.int32)
    recipient = ((sender.astype(np.int64) + shift) % users).astype(np.int32)
    body_lines = rng.integers(1, MAX_BODY_LINES + 1, size=send_us.size, dtype=np.uint8)
    return MailPlan(send_us, sender, recipient, body_lines,
                    np.arange(send_us.size, dtype=np.int32))
