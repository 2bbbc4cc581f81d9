"""The arrays the session engine works on: mails, check schedules, mailbox states, bins.

Times are microseconds after the scenario's start. A check schedule is
``(offset, every, count)``: checks at ``offset + k * every`` for ``k < count``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailsim.study import sizes

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    IntArray = NDArray[np.int64]

NEVER = 2**62  # a time after every run
_USER_SHIFT = 45  # (user << 45) | microseconds sorts by user, then time (2**45 us > 366 days)
Schedule = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Mails:
    """One group of users' incoming mail, sorted by recipient, then arrival."""

    first_user: int  # the group is users first_user .. first_user + users - 1
    users: int
    user: IntArray  # recipient: relative to first_user in a group (absolute in run.prepare's)
    arrival: IntArray
    size: IntArray  # octets in the mailbox
    header: IntArray  # octets of its Subject and Message-ID fields in an IMAP listing

    @property
    def uid(self) -> IntArray:
        """Each mail's UID in its mailbox: 1, 2, 3... in arrival order (RFC 3501 §2.3.1.1)."""
        return rank_in_user(self.user) + 1


def rank_in_user(user: IntArray) -> IntArray:
    """0, 1, 2... within each run of equal users (``user`` is sorted)."""
    import numpy as np

    if len(user) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, user[1:] != user[:-1]])
    return np.arange(len(user)) - np.repeat(starts, np.diff(np.r_[starts, len(user)]))


def checks_before(times: IntArray, schedule: Schedule) -> IntArray:
    """How many checks happen strictly before each time."""
    import numpy as np

    offset, every, count = schedule
    return np.clip(-((offset - times) // every), 0, count)  # ceil((t - offset) / every)


def next_check(times: IntArray, schedule: Schedule) -> IntArray:
    """Index of each time's first check strictly after it (``count`` if none)."""
    return checks_before(times + 1, schedule)


def time_of(index: IntArray, schedule: Schedule) -> IntArray:
    """The time of check ``index``; :data:`NEVER` past the last one."""
    import numpy as np

    offset, every, count = schedule
    return np.where(index < count, offset + index * every, NEVER)


def running_totals(times: IntArray, samples: IntArray, weights: IntArray,
                   groups: IntArray | None = None, width: int = 0) -> IntArray:
    """Totals of ``weights`` added at ``times``, as each sample sees them (strictly before).

    With ``groups`` (0 .. width-1), one row of totals per group.
    """
    import numpy as np

    step = int(samples[1] - samples[0]) if len(samples) > 1 else 0
    if step > 0 and bool(np.all(np.diff(samples) == step)):  # evenly spaced: arithmetic
        slot = np.clip((times - int(samples[0])) // step + 1, 0, len(samples))
    else:
        slot = np.searchsorted(samples, times, side="right")
    bins = len(samples) + 1
    if groups is None:
        total = np.bincount(slot, weights=weights, minlength=bins)
        return np.cumsum(total[:-1]).round().astype(np.int64)
    flat = np.bincount(groups * bins + slot, weights=weights, minlength=width * bins)
    return np.cumsum(flat.reshape(width, bins)[:, :-1], axis=1).round().astype(np.int64)


def group_sums(keys: IntArray, *columns: IntArray) -> tuple[IntArray, ...]:
    """The distinct keys (ascending), how many rows each has, and each column's sum per key."""
    import numpy as np

    if len(keys) and not bool(np.all(keys[1:] >= keys[:-1])):
        order = np.argsort(keys, kind="stable")
        keys, columns = keys[order], tuple(c[order] for c in columns)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else \
        np.zeros(0, dtype=np.int64)
    count = np.diff(np.r_[starts, len(keys)]).astype(np.int64)
    sums = tuple(np.add.reduceat(c.astype(np.int64), starts) if len(keys) else
                 np.zeros(0, dtype=np.int64) for c in columns)
    return (keys[starts], count, *sums)


class MailboxStates:
    """Every user's mailbox as a step function: one row per change, with running sums.

    Row ``e`` holds from ``time[e]`` until ``until[e]``: ``count`` messages of
    ``octets`` in all, the widths of their UIDs (``uid_digits``) and the next
    UID. A removal at a check takes effect just after it (the check still sees
    the message).
    """

    user: IntArray
    time: IntArray
    until: IntArray
    count: IntArray
    octets: IntArray
    uid_digits: IntArray
    next_uid: IntArray

    def __init__(self, mails: Mails, removal: IntArray) -> None:
        import numpy as np

        users, gone = mails.users, removal < NEVER
        uid = mails.uid
        user = np.concatenate([np.arange(users), mails.user, mails.user[gone]])
        time = np.concatenate([np.full(users, -1), mails.arrival, removal[gone] + 1])
        sign = np.concatenate([np.zeros(users, np.int64), np.ones(len(uid), np.int64),
                               -np.ones(int(gone.sum()), np.int64)])
        # three runs already in (user, time) order: a stable sort merges them quickly
        key = (user << _USER_SHIFT) | (time + 1)
        order = np.argsort(key, kind="stable")
        self._key = key[order]
        self.user, self.time, sign = user[order], time[order], sign[order]
        starts = np.flatnonzero(np.r_[True, self.user[1:] != self.user[:-1]])
        lengths = np.diff(np.r_[starts, len(order)])

        def running(values: IntArray) -> IntArray:
            both = np.concatenate([np.zeros(users, np.int64), values, values[gone]])[order]
            total = np.cumsum(both * sign)
            own: IntArray = total - np.repeat(total[starts], lengths)  # each user from 0
            return own

        self.count = running(np.ones(len(uid), np.int64))
        self.octets = running(mails.size)
        self.uid_digits = running(sizes.digits(uid))
        arrived = np.cumsum(sign > 0, dtype=np.int64)
        self.next_uid = np.asarray(arrived - np.repeat(arrived[starts], lengths) + 1,
                                   dtype=np.int64)
        last = np.r_[self.user[1:] != self.user[:-1], True]
        self.until = np.where(last, NEVER, np.r_[self.time[1:], NEVER])

    def at(self, user: IntArray, time: IntArray) -> IntArray:
        """The row holding each (user, time)."""
        import numpy as np

        rows: IntArray = np.searchsorted(self._key, (user << _USER_SHIFT) | (time + 1),
                                         side="right") - 1
        return rows
