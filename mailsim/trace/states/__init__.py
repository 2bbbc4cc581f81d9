"""Typed state events: one frozen class per action a node reports, defined once.

The nodes report a change as a class instance (``Network.record_state``); the
trace stores its action name and plain data (``StateChange.to_data``, the same
mapping as before the classes existed); the replay folds and the state texts
read it back typed (:func:`from_event`). Grouped by who reports them:

- :mod:`~mailsim.trace.states.device` — a mail client: composed, duplicate_recipient, submitted,
  submission_failed, check_failed, read, read_failed, local_deleted, offline,
  online, downloaded, cached, synced, server_copy_expired, sent_kept, idling, idle_ended;
- :mod:`~mailsim.trace.states.queue` — a mail server's queue: queued, retry,
  retry_scheduled, connection_failed, relayed, deferred, failed, expired,
  removed, discarded, bounced, delay_notice, fault_reply;
- :mod:`~mailsim.trace.states.mailbox` — mailboxes and logins: stored,
  over_quota, deleted, flags_changed, appended, copied, moved, folder_created,
  folder_deleted, folder_renamed, login, login_failed, login_unavailable,
  credentials_checked (the last at the authentication server);
- :mod:`~mailsim.trace.states.dns` — resolvers and DNS servers: dns_cache_hit,
  dns_cache_store, dns_cache_expired, dns_timeout, dns_no_answer, mx_selected;
- :mod:`~mailsim.trace.states.checks` — a receiving server's checks of the sender: spf_checked,
  dkim_signed (at the sender's server), dkim_checked, dmarc_checked, message_modified (on the way);
- :mod:`~mailsim.trace.states.network` — a router: port_blocked (OP25B);
- :mod:`~mailsim.trace.states.legacy` — POP before SMTP: relay_window_opened, relay_window_used.

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
from mailsim.trace.states.checks import (
    DKIMChecked,
    DKIMSigned,
    DMARCChecked,
    MessageModified,
    SPFChecked,
)
from mailsim.trace.states.device import (
    Cached,
    CheckFailed,
    Composed,
    Downloaded,
    DuplicateRecipient,
    IdleEnded,
    Idling,
    ListedMessage,
    LocalDeleted,
    Offline,
    Online,
    Read,
    ReadFailed,
    Refusal,
    SentKept,
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
from mailsim.trace.states.legacy import RelayWindowOpened, RelayWindowUsed
from mailsim.trace.states.mailbox import (
    Appended,
    Copied,
    CredentialsChecked,
    Deleted,
    FlagsChanged,
    FolderCreated,
    FolderDeleted,
    FolderRenamed,
    Login,
    LoginFailed,
    LoginOutcome,
    LoginUnavailable,
    Moved,
    OverQuota,
    Stored,
)
from mailsim.trace.states.network import PortBlocked
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
    "Appended",
    "AttemptOutcome",
    "Bounced",
    "Cached",
    "CheckFailed",
    "Composed",
    "ConnectionFailed",
    "Copied",
    "CredentialsChecked",
    "DKIMChecked",
    "DKIMSigned",
    "DMARCChecked",
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
    "FolderCreated",
    "FolderDeleted",
    "FolderRenamed",
    "IdleEnded",
    "Idling",
    "ListedMessage",
    "LocalDeleted",
    "Login",
    "LoginFailed",
    "LoginOutcome",
    "LoginUnavailable",
    "MXSelected",
    "MessageModified",
    "Moved",
    "Notice",
    "Offline",
    "Online",
    "OverQuota",
    "PortBlocked",
    "Queued",
    "RRsetEntry",
    "Read",
    "ReadFailed",
    "Record",
    "Refusal",
    "RelayWindowOpened",
    "RelayWindowUsed",
    "Relayed",
    "Removed",
    "Retry",
    "RetryScheduled",
    "SPFChecked",
    "SentKept",
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
