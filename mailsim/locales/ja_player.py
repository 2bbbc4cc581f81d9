"""Japanese texts of the player and of the shared filters (views/select.py, views/player/)."""

CATALOG: dict[str, str] = {
    # --- host names given on the command line or typed in the player -----------------------
    "select.unknown_host": "ホスト '{word}' はありません{hint}。ホストは {hosts} です",
    "select.unknown_word": "'{word}' というプロトコルもホストもありません{hint}。"
                           "選べるのは {choices} です",
    "select.did_you_mean": "（{names} のことですか？）",
    "select.ambiguous_host": "'{word}' に当てはまるホストが複数あります（{hosts}）。"
                             "名前をもう少し詳しく入力してください",
}
