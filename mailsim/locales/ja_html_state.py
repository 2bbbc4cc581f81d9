"""Japanese texts of the classroom page's state view (mailsim html, the "state" tab).

The words the terminal player's state panels already use are taken from their keys.
"""

from mailsim.locales.ja_folders import CATALOG as _FOLDERS
from mailsim.locales.ja_ui import CATALOG as _UI

_SAME = ("mailboxes", "no_mail", "empty", "messages", "queue", "dns_cache", "ttl_left", "online",
         "offline", "outbox", "outbox.sending", "outbox.sent", "outbox.failed", "local", "view",
         "read", "nothing", "bytes")
_SAME_FOLDERS = ("folders_of", "folder_view", "idling", "sent_here")

CATALOG: dict[str, str] = {
    **{f"html.state.{key}": _UI[f"ui.player.{key}"] for key in _SAME},
    **{f"html.state.{key}": _FOLDERS[f"ui.player.{key}"] for key in _SAME_FOLDERS},
    "html.state.title": "ステップ #{step} の後の状態 · {time}",
    "html.state.changed": "このステップで変わった",
    "html.state.gone": "このステップでなくなった",
    "html.state.source.pop3": "POP3でダウンロード",
    "html.state.source.imap": "IMAPのキャッシュ",
    "html.state.left": "まだ届けていない宛先: {recipients}",
    "html.state.done": "✓ すべての宛先に配送済み",
    "html.state.retry": "{at} に{attempt}回目の配送(あと {left}) 宛先: {recipients}",
    "html.state.retry_due": "{at} から{attempt}回目の配送待ち 宛先: {recipients}",
    "html.state.retry_note": "再送タイマーはキューの「再送予定」の記録から表示しています"
                             "(Python側の状態の再生はタイマーを持ちません)。",
    "html.state.expired": "期限切れ(リゾルバーはもう一度問い合わせます)",
    "html.state.negative": "該当するレコードなし({rcode})",
    "html.state.more": "… ほかに以前の {count} 件",
    "html.state.quote": "「{subject}」",
    "html.state.from": "差出人 {sender}",
}
