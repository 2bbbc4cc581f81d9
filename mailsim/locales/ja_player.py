"""Japanese texts of the player and of the shared filters (views/select.py, views/player/)."""

CATALOG: dict[str, str] = {
    # --- host names given on the command line or typed in the player -----------------------
    "select.unknown_host": "ホスト '{word}' はありません{hint}。ホストは {hosts} です",
    "select.unknown_word": "'{word}' というプロトコルもホストもありません{hint}。"
                           "選べるのは {choices} です",
    "select.did_you_mean": "（{names} のことですか？）",
    "select.ambiguous_host": "'{word}' に当てはまるホストが複数あります（{hosts}）。"
                             "名前をもう少し詳しく入力してください",
    # --- the full-screen player: list headers, state rows, keys -------------------------------
    "ui.player.column.step": "#",
    "ui.player.column.time": "時刻",
    "ui.player.column.route": "送信元 → 宛先",
    "ui.player.column.port": "プロトコル:ポート",
    "ui.player.column.line": "内容",
    "ui.player.state_cell": "状態",
    "ui.player.key.keys": "キー一覧",
    "ui.player.key.with_state": "状態の変化をすべて表示",
    "ui.player.key.focus": "次のパネルへ",
    "ui.player.key.scroll": "パネルをスクロール",
    "ui.player.keys_title": "キー操作",
    "ui.player.keys_close": "Esc・q・? で閉じます",
    "ui.player.with_state_on": "状態の変化をすべて表示しています",
    "ui.player.with_state_off": "絞り込んだ通信が起こした状態の変化だけを表示しています",
}
