"""English texts of the classroom page's state view (mailsim html, the "state" tab).

The words the terminal player's state panels already use (views/player/panels.py,
views/folder_panels.py) are taken from their keys, so both views say the same.
"""

from mailsim.locales.en_folders import CATALOG as _FOLDERS
from mailsim.locales.en_ui import CATALOG as _UI

_SAME = ("mailboxes", "no_mail", "empty", "messages", "queue", "dns_cache", "ttl_left", "online",
         "offline", "outbox", "outbox.sending", "outbox.sent", "outbox.failed", "local", "view",
         "read", "nothing", "bytes")
_SAME_FOLDERS = ("folders_of", "folder_view", "idling", "sent_here")

CATALOG: dict[str, str] = {
    **{f"html.state.{key}": _UI[f"ui.player.{key}"] for key in _SAME},
    **{f"html.state.{key}": _FOLDERS[f"ui.player.{key}"] for key in _SAME_FOLDERS},
    "html.state.title": "State after step #{step} · {time}",
    "html.state.changed": "changed at this step",
    "html.state.gone": "gone at this step",
    "html.state.source.pop3": "POP3 download",
    "html.state.source.imap": "IMAP cache",
    "html.state.left": "still to deliver: {recipients}",
    "html.state.done": "✓ delivered to every recipient",
    "html.state.retry": "attempt #{attempt} at {at} (in {left}) for {recipients}",
    "html.state.retry_due": "attempt #{attempt} due since {at} for {recipients}",
    "html.state.retry_note": "Retry timers come from the queue's “retry scheduled” records: "
                             "Python's replay of the state does not keep them.",
    "html.state.expired": "expired (the resolver will ask again)",
    "html.state.negative": "no such record ({rcode})",
    "html.state.more": "… and {count} earlier",
    "html.state.quote": "“{subject}”",
    "html.state.from": "from {sender}",
}
