"""日本語: シミュレーションの中のIMAPフォルダー(送信済み、ごみ箱、メールの移動、IDLEのプッシュ)。"""

CATALOG: dict[str, str] = {
    # --- 説明 -----------------------------------------------------------------------------
    "state.appended": "メールソフトがメールのコピーをサーバー上のフォルダーに入れました(APPEND)。",
    "state.copied": "手紙のコピーがサーバー上の別のフォルダーに入りました。",
    "state.moved": "手紙がサーバー上の別のフォルダーに移りました。どの端末からもそこに見えます。",
    "state.folder_created": "サーバーに新しいフォルダーができました。",
    "state.folder_deleted": "フォルダーとその中の手紙がサーバーからなくなりました。",
    "state.folder_renamed": "サーバー上のフォルダーの名前が変わりました。",
    "state.sent_kept": "送信済みメールのコピーはこの端末の中だけにあります。ほかの端末からは見えません。",
    "state.idling": "端末はつながったまま待っています。メールが届くとサーバーがすぐに知らせます(プッシュ)。",
    "state.idle_ended": "端末はサーバーからのプッシュを待つのをやめました。",
    # --- 図のメモ -------------------------------------------------------------------------
    "note.appended": "{folder} に保存",
    "note.copied": "{target} にコピー",
    "note.moved": "{target} に移動",
    "note.folder_created": "フォルダー {folder} を作成",
    "note.folder_deleted": "フォルダー {folder} を削除",
    "note.folder_renamed": "{folder} → {new_name}",
    "note.sent_kept": "この端末の {folder} に保存",
    "note.idling": "IDLE: プッシュ待ち",
    "note.idle_ended": "IDLE 終了",
    # --- 1行の説明 -------------------------------------------------------------------------
    "text.appended": "{mailbox}: {folder} に追加（uid {uid}、{size} バイト）",
    "text.copied": "{mailbox}: {messages}を {source} から {target} にコピー",
    "text.moved": "{mailbox}: {messages}を {source} から {target} に移動",
    "text.folder_created": "{mailbox}: フォルダー {folder} を作成",
    "text.folder_deleted": "{mailbox}: フォルダー {folder} を削除",
    "text.folder_renamed": "{mailbox}: フォルダー {folder} の名前を {new_name} に変更",
    "text.sent_kept": "送信済みメールをこの端末の {folder} に保存（{size} バイト）",
    "text.idling": "{mailbox} の {folder} で IDLE 中（プッシュ待ち）",
    "text.idle_ended": "IDLE 終了: {reason}",
    "text.in_folder": "{text}［フォルダー {folder}］",
    # --- the player's state panel ---------------------------------------------------------
    "ui.player.folders_of": "{mailbox} のフォルダー(INBOX以外)",
    "ui.player.folder_view": "{folder}(サーバー上)",
    "ui.player.idling": "{folder} でIDLE中: 新着メールはサーバーがプッシュします",
    "ui.player.sent_here": "この端末に残した送信済みメール({folder})",
    # --- mailsim compare ------------------------------------------------------------------
    "ui.compare.sent_visible": "送信済みメールがほかの端末に見えるか",
    "ui.compare.new_mail_delay": "新着メールが表示されるまで",
    "ui.compare.sent_of": "{sent}通中{visible}通",
    "ui.compare.none_sent": "—",
    "ui.compare.never_shown": "表示されない",
}
