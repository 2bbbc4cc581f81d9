"""Typed state events: one frozen class per action a node reports, defined once.

The nodes report a change as a class instance (``Network.record_state``); the
trace stores its action name and plain data (``StateChange.to_data``, the same
mapping as before the classes existed); the replay folds and the state texts
read it back typed (:func:`from_event`). Grouped by who reports them:

- :mod:`~mailsim.trace.states.device` — a mail client: composed, duplicate_recipient, submitted,
  submission_failed, check_failed, read, read_failed, local_deleted, offline,
  online, downloaded, cached, synced, server_copy_expired;
- :mod:`~mailsim.trace.states.queue` — a mail server's queue: queued, retry,
  retry_scheduled, connection_failed, relayed, deferred, failed, expired,
  removed, discarded, bounced, delay_notice, fault_reply;
- :mod:`~mailsim.trace.states.mailbox` — mailboxes and logins: stored,
  over_quota, deleted, flags_changed, login, login_failed, login_unavailable,
  credentials_checked (the last at the authentication server);
- :mod:`~mailsim.trace.states.dns` — resolvers and DNS servers: dns_cache_hit,
  dns_cache_store, dns_cache_expired, dns_timeout, dns_no_answer, mx_selected.

A new action is one class in one of these modules, then a fold (or an entry in
``mailsim.trace.folds.UNTRACKED``), a text in ``mailsim.views.state_texts`` and a
``state.<action>`` caption in each locale; ``tests/trace/test_state_vocabulary.py``
fails until all of them exist.
"""

from mailsim.trace.states.base import (
    STATES,
    Record,
    StateChange,
    StateDataError,
    action,
    from_data,
    from_event,
    known_change,
    state_class,
)
from mailsim.trace.states.device import (
    Cached,
    CheckFailed,
    Composed,
    Downloaded,
    DuplicateRecipient,
    ListedMessage,
    LocalDeleted,
    Offline,
    Online,
    Read,
    ReadFailed,
    Refusal,
    ServerCopyExpired,
    SubmissionFailed,
    SubmissionOutcome,
    Submitted,
    Synced,
)
from mailsim.trace.states.dns import (
    DNSCacheExpired,
    DNSCacheHit,
    DNSCacheStore,
    DNSNoAnswer,
    DNSTimeout,
    MXSelected,
    RRsetEntry,
)
from mailsim.trace.states.mailbox import (
    CredentialsChecked,
    Deleted,
    FlagsChanged,
    Login,
    LoginFailed,
    LoginOutcome,
    LoginUnavailable,
    OverQuota,
    Stored,
)
from mailsim.trace.states.queue import (
    AttemptOutcome,
    Bounced,
    ConnectionFailed,
    Deferred,
    DelayNotice,
    Discarded,
    Expired,
    Failed,
    FaultReply,
    Notice,
    Queued,
    Relayed,
    Removed,
    Retry,
    RetryScheduled,
)

__all__ = [
    "STATES",
    "AttemptOutcome",
    "Bounced",
    "Cached",
    "CheckFailed",
    "Composed",
    "ConnectionFailed",
    "CredentialsChecked",
    "DNSCacheExpired",
    "DNSCacheHit",
    "DNSCacheStore",
    "DNSNoAnswer",
    "DNSTimeout",
    "Deferred",
    "DelayNotice",
    "Deleted",
    "Discarded",
    "Downloaded",
    "DuplicateRecipient",
    "Expired",
    "Failed",
    "FaultReply",
    "FlagsChanged",
    "ListedMessage",
    "LocalDeleted",
    "Login",
    "LoginFailed",
    "LoginOutcome",
    "LoginUnavailable",
    "MXSelected",
    "Notice",
    "Offline",
    "Online",
    "OverQuota",
    "Queued",
    "RRsetEntry",
    "Read",
    "ReadFailed",
    "Record",
    "Refusal",
    "Relayed",
    "Removed",
    "Retry",
    "RetryScheduled",
    "ServerCopyExpired",
    "StateChange",
    "StateDataError",
    "Stored",
    "SubmissionFailed",
    "SubmissionOutcome",
    "Submitted",
    "Synced",
    "action",
    "from_data",
    "from_event",
    "known_change",
    "state_class",
]
