"""English texts of IMAP folders in the simulation: Sent, Trash, moving mail, IDLE push.

The captions (``state.*``), diagram notes (``note.*``) and one-liners (``text.*``) of the
folder actions, and the two rows ``mailsim compare`` adds (``ui.compare.sent_visible``,
``ui.compare.new_mail_delay``).
"""

CATALOG: dict[str, str] = {
    # --- captions: what happened, in plain words ----------------------------------------
    "state.appended": "The mail program put a copy of the mail in a folder on the server (APPEND).",
    "state.copied": "A copy of the letter was put in another folder on the server.",
    "state.moved": "The letter was moved to another folder on the server; every device will see it there.",
    "state.folder_created": "A new folder on the server.",
    "state.folder_deleted": "A folder and the letters in it are gone from the server.",
    "state.folder_renamed": "A folder on the server has a new name.",
    "state.sent_kept": "A copy of the sent mail stays on this device only: the other devices cannot see it.",
    "state.idling": "The device stays connected and waits: the server will tell it at once when mail arrives (push).",
    "state.idle_ended": "The device no longer waits for the server's push.",
    # --- captions of the IMAP lines a device sends for folders and IDLE ---------------------
    "step.imap.continue": "Go on, I am listening (a continuation: send the rest, or wait).",
    "step.imap.done": "Stop waiting (DONE): I have something to ask.",
    "step.imap.literal": "The letter itself, to put in the folder.",
    "step.imap.append": "Put this letter in a folder of mine (APPEND), e.g. a copy of what I sent in Sent.",
    "step.imap.idle": "Tell me as soon as a letter arrives (IDLE): I will wait on the line.",
    "step.imap.move": "Move this letter to another folder (MOVE), e.g. to Trash.",
    "step.imap.copy": "Put a copy of this letter in another folder (COPY).",
    "step.imap.create": "Make me a new folder (CREATE).",
    "step.imap.delete": "Remove this folder and what is in it (DELETE).",
    "step.imap.rename": "Give this folder a new name (RENAME).",
    "step.imap.list": "Which folders do I have (LIST)?",
    "step.imap.lsub": "Which folders did I subscribe to (LSUB)?",
    "step.imap.status": "How many letters are in that folder (STATUS)?",
    "step.imap.subscribe": "Show this folder in my list (SUBSCRIBE).",
    "step.imap.unsubscribe": "Hide this folder from my list (UNSUBSCRIBE).",
    "step.imap.namespace": "How are folder names written here (NAMESPACE)?",
    # --- diagram notes ------------------------------------------------------------------
    "note.appended": "saved to {folder}",
    "note.copied": "copied to {target}",
    "note.moved": "moved to {target}",
    "note.folder_created": "new folder {folder}",
    "note.folder_deleted": "folder {folder} deleted",
    "note.folder_renamed": "{folder} → {new_name}",
    "note.sent_kept": "kept in {folder} here",
    "note.idling": "IDLE: waiting for push",
    "note.idle_ended": "IDLE ended",
    # --- one-liners ------------------------------------------------------------------------
    "text.appended": "{mailbox}: appended to {folder} (uid {uid}, {size} bytes)",
    "text.copied": "{mailbox}: {messages} copied from {source} to {target}",
    "text.moved": "{mailbox}: {messages} moved from {source} to {target}",
    "text.folder_created": "{mailbox}: folder {folder} created",
    "text.folder_deleted": "{mailbox}: folder {folder} deleted",
    "text.folder_renamed": "{mailbox}: folder {folder} renamed to {new_name}",
    "text.sent_kept": "sent mail kept on this device in {folder} ({size} bytes)",
    "text.idling": "waiting in IDLE on {folder} of {mailbox}",
    "text.idle_ended": "IDLE ended: {reason}",
    "text.in_folder": "{text} [folder {folder}]",
    # --- the player's state panel ---------------------------------------------------------
    "ui.player.folders_of": "folders of {mailbox} (besides INBOX)",
    "ui.player.folder_view": "{folder} (on the server)",
    "ui.player.idling": "waiting in IDLE on {folder}: the server pushes new mail",
    "ui.player.sent_here": "sent mail kept on this device ({folder})",
    # --- mailsim compare ------------------------------------------------------------------
    "ui.compare.sent_visible": "sent mail on the other device",
    "ui.compare.new_mail_delay": "new mail shown after",
    "ui.compare.sent_of": "{visible} of {sent}",
    "ui.compare.none_sent": "—",
    "ui.compare.never_shown": "never",
    # A sequence note for a change in a folder other than INBOX
    "note.synced.folder": "{folder} synced: {count} mails",
    "note.stored.folder": "stored: {folder} uid {uid}",
    "note.deleted.folder": "deleted {count} from {folder}",
    "note.flags_changed.folder": "{folder} flags: {flag_text}",
}
