"""What one device index (the same device of every user) costs and keeps, by arrays.

A check's price is its mailbox state's price (every check in that state costs
the same, so each state is priced once and multiplied by the checks that fall
in it) plus, at the few effective checks, what it took: RETR and DELE for
POP3, the ``\\Recent`` flags and the cache fetch for IMAP. The octets come
from :mod:`mailsim.study.sizes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailsim.scenario.workload import (
    DeviceSpec,
    Workload,
    domain_name,
    mail_server_host,
    user_address,
    user_password,
)
from mailsim.study import sizes
from mailsim.study.state import (
    NEVER,
    MailboxStates,
    Mails,
    Schedule,
    checks_before,
    group_sums,
    next_check,
    running_totals,
    time_of,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    IntArray = NDArray[np.int64]


@dataclass(slots=True)
class DeviceResult:
    """What one device index did and kept (sums over the group's users)."""

    lines: int
    octets: int
    retrieved: int  # copies taken home (POP3 downloads, IMAP cache)
    local_octets: IntArray  # per user, at the end
    online: IntArray  # per user: messages it can open online at the end
    offline: IntArray  # per user: messages it can open offline at the end
    local_series: IntArray  # octets on the devices, at each sample
    offline_series: IntArray  # messages readable offline, at each sample
    octets_series: IntArray  # retrieval octets so far, at each sample
    local_by_user: IntArray | None  # (users, samples), when asked for


class DevicePricer:
    """Prices the checks of one device index for one group of users."""

    def __init__(self, workload: Workload, device: DeviceSpec, schedule: Schedule, mails: Mails,
                 states: MailboxStates, samples: IntArray, *, by_user: bool) -> None:
        import numpy as np

        self.workload, self.device, self.schedule = workload, device, schedule
        self.mails, self.states, self.samples, self.by_user = mails, states, samples, by_user
        offset, every, count = schedule
        self.check_times = offset + every * np.arange(count, dtype=np.int64)
        users = np.arange(mails.users) + mails.first_user
        self.domain_of_user = users % workload.domains
        # Everything a check costs whatever the mailbox holds, per user.
        self.fixed = np.zeros(mails.users, dtype=np.int64)
        for k in np.unique(self.domain_of_user).tolist():
            user = int(users[self.domain_of_user == k][0])
            address, password = user_address(workload, user), user_password(workload, user)
            host = mail_server_host(k)
            assert domain_name(k) in address
            if device.protocol == "pop3":
                cost = (int(sizes.pop3_greeting(host, np.zeros(1, np.int64))[0]) + sizes.POP3_CAPA
                        + sizes.pop3_login(address, password))
            else:
                cost = (sizes.IMAP_GREETING + sizes.IMAP_CAPABILITY
                        + sizes.imap_login(address, password) + sizes.imap_logout(host))
            self.fixed[self.domain_of_user == k] = cost
        # The APOP timestamp holds the check's time (its width varies over a long run).
        self.time_width = (sizes.digits(self.check_times) if device.protocol == "pop3"
                           else np.zeros(count, dtype=np.int64))
        self.per_check = np.zeros(count + 1, dtype=np.float64)  # state prices, as differences
        self.one_off = np.zeros(count, dtype=np.float64)  # what effective checks add
        self.lines = 0

    # --- the state part: every check, priced per state ---------------------------------------

    def _states(self, price: IntArray, lines: IntArray) -> None:
        import numpy as np

        s = self.states
        first = checks_before(s.time, self.schedule)
        last = checks_before(s.until, self.schedule)
        counts = last - first
        self.lines += int((counts * lines).sum())
        self.per_check += np.bincount(first, weights=price, minlength=len(self.per_check))
        self.per_check -= np.bincount(last, weights=price, minlength=len(self.per_check))

    def _host_quit(self, left: IntArray, user: IntArray) -> IntArray:
        import numpy as np

        out = np.zeros(len(left), dtype=np.int64)
        domain = (user + self.mails.first_user) % self.workload.domains
        for k in range(min(self.workload.domains, self.mails.users)):
            mask = domain == k
            out[mask] = sizes.pop3_quit(mail_server_host(k), left[mask])
        return out

    # --- the effective checks ---------------------------------------------------------------

    def _extra(self, user: IntArray, check: IntArray, octets: IntArray) -> None:
        """Octets some checks cost beyond their state's price, at check index ``check``."""
        import numpy as np

        del user
        self.one_off += np.bincount(check, weights=octets, minlength=len(self.one_off))

    def _finish(self, retrieved: int, local_time: IntArray, local_size: IntArray,
                local_user: IntArray, drop_time: IntArray, online: IntArray) -> DeviceResult:
        import numpy as np

        mails, samples = self.mails, self.samples
        # octets of each check index, over all users
        spread = (np.cumsum(self.per_check)[:-1] + self.one_off + self.fixed.sum()
                  + mails.users * self.time_width).round().astype(np.int64)
        octets = int(spread.sum())
        ones = np.ones(len(local_time), dtype=np.int64)
        kept = drop_time >= NEVER
        local_octets = np.bincount(local_user[kept], weights=local_size[kept],
                                   minlength=mails.users).round().astype(np.int64)
        offline = np.bincount(local_user[kept], minlength=mails.users).astype(np.int64)
        local_series = (running_totals(local_time, samples, local_size)
                        - running_totals(drop_time, samples, local_size))
        offline_series = running_totals(local_time, samples, ones) - running_totals(drop_time,
                                                                                    samples, ones)
        octets_series = running_totals(self.check_times, samples, spread)
        by_user = None
        if self.by_user:
            by_user = (running_totals(local_time, samples, local_size, local_user, mails.users)
                       - running_totals(drop_time, samples, local_size, local_user, mails.users))
        return DeviceResult(self.lines, octets, retrieved, local_octets, online, offline,
                            local_series, offline_series, octets_series, by_user)

    # --- POP3 (RFC 1939) ----------------------------------------------------------------------

    def pop3(self, first_time: IntArray, removal: IntArray, expired_here: IntArray) -> DeviceResult:
        """``expired_here``: mails whose server copy this device deletes for their age."""
        import numpy as np

        s, mails, schedule = self.states, self.mails, self.schedule
        self.lines += sizes.POP3_BASE_LINES * mails.users * schedule[2]
        state_price = (sizes.pop3_maildrop_and_stat(s.count, s.octets)
                       + sizes.pop3_uidl(s.count, s.uid_digits)
                       + self._host_quit(s.count, s.user))
        self._states(state_price, np.zeros(len(s.count), dtype=np.int64))
        taken = (first_time < NEVER) & (first_time <= removal)
        delete = not self.device.leave_on_server
        check = next_check(mails.arrival, schedule)
        # one row per (user, check) that downloads or expires something
        expire_check = np.where(expired_here, checks_before(removal + 1, schedule) - 1, 0)
        rows_user = np.concatenate([mails.user[taken], mails.user[expired_here]])
        rows_check = np.concatenate([check[taken], expire_check[expired_here]])
        new = np.concatenate([np.ones(int(taken.sum()), np.int64),
                              np.zeros(int(expired_here.sum()), np.int64)])
        old = 1 - new
        retr = np.concatenate([sizes.pop3_retr(np.zeros(int(taken.sum()), np.int64),
                                               mails.size[taken]),
                               np.zeros(int(expired_here.sum()), np.int64)])
        if len(rows_user):
            key = rows_user * (schedule[2] + 1) + rows_check
            unique, _, r, d, retr_total = group_sums(key, new, old, retr)
            user, index = unique // (schedule[2] + 1), unique % (schedule[2] + 1)
            n = s.count[s.at(user, time_of(index, schedule))]
            numbers = sizes.digit_sum(n) - sizes.digit_sum(n - r)
            dele = (r if delete else 0) + d
            extra = retr_total + numbers
            if delete:
                extra += r * sizes.pop3_dele(np.zeros(1, np.int64))[0] + 2 * numbers
            extra += d * sizes.pop3_dele(np.zeros(1, np.int64))[0] + 2 * sizes.digit_sum(d)
            extra += self._host_quit(n - dele, user) - self._host_quit(n, user)
            self.lines += int((2 * r + 2 * dele).sum())
            self._extra(user, index, extra)
        size = mails.size[taken]
        online = np.bincount(mails.user[taken], minlength=mails.users).astype(np.int64)
        return self._finish(int(taken.sum()), first_time[taken], size, mails.user[taken],
                            np.full(len(size), NEVER, dtype=np.int64), online)

    # --- IMAP (RFC 3501) ----------------------------------------------------------------------

    def imap(self, first_time: IntArray, removal: IntArray, recent_here: IntArray,
             recent_time: IntArray) -> DeviceResult:
        """``recent_here``: mails this device's session is the first to see (\\Recent)."""
        import numpy as np

        s, mails, schedule = self.states, self.mails, self.schedule
        count = schedule[2]
        self.lines += sizes.IMAP_BASE_LINES * mails.users * count
        listed = s.count > 0
        state_price = (sizes.imap_select(s.count, s.next_uid)
                       + listed * sizes.imap_flags(s.count, s.uid_digits))
        self._states(state_price, 2 * listed.astype(np.int64))
        if recent_here.any():
            # the RECENT count and \Recent in both the flags and the listing row
            index = checks_before(recent_time[recent_here] + 1, schedule) - 1
            key = mails.user[recent_here] * (count + 1) + index
            unique, r = group_sums(key)[:2]
            self._extra(unique // (count + 1), unique % (count + 1),
                        sizes.imap_recent(r) + sizes.RECENT_FLAG * r)
        # the listing of the new mails, at this device's first check that sees each
        new = (first_time < NEVER) & (first_time < removal)
        if new.any():
            uid = mails.uid[new]
            key = mails.user[new] * (count + 1) + next_check(mails.arrival[new], schedule)
            order = np.argsort(key, kind="stable")
            unique, m, rows = group_sums(key[order], sizes.imap_listing_row(
                uid[order], mails.size[new][order], mails.header[new][order]))
            low = np.minimum.reduceat(uid[order], np.flatnonzero(np.r_[True, np.diff(key[order]) != 0]))
            user, index = unique // (count + 1), unique % (count + 1)
            n = s.count[s.at(user, time_of(index, schedule))]
            self._extra(user, index, sizes.imap_new_listing(
                low, rows, sizes.digit_sum(n) - sizes.digit_sum(n - m)))
            self.lines += 2 * len(unique)
        cached = np.zeros(len(mails.user), dtype=bool)
        drop = np.full(len(mails.user), NEVER, dtype=np.int64)
        if self.device.cache:
            cached = (first_time < NEVER) & (first_time < removal)
            uid, size = mails.uid[cached], mails.size[cached]
            index = next_check(mails.arrival[cached], schedule)
            key = mails.user[cached] * (count + 1) + index
            unique, m, uid_digits, octets, size_digits = group_sums(
                key, sizes.digits(uid), size, sizes.digits(size))
            user, index = unique // (count + 1), unique % (count + 1)
            n = s.count[s.at(user, time_of(index, schedule))]
            self._extra(user, index, sizes.imap_cache_fetch(
                m, uid_digits, sizes.digit_sum(n) - sizes.digit_sum(n - m), octets, size_digits))
            self.lines += 2 * len(unique)
            # a cached copy goes when a later sync no longer lists it
            gone = removal[cached] < NEVER
            drop_cached = np.full(len(uid), NEVER, dtype=np.int64)
            drop_cached[gone] = time_of(next_check(removal[cached][gone] + 1, schedule), schedule)
            drop[cached] = drop_cached
        # online: what the last sync listed
        users = np.arange(mails.users)
        if count:
            online = s.count[s.at(users, np.full(mails.users, int(self.check_times[-1])))]
        else:
            online = np.zeros(mails.users, dtype=np.int64)
        return self._finish(int(cached.sum()), first_time[cached], mails.size[cached],
                            mails.user[cached], drop[cached], online)
