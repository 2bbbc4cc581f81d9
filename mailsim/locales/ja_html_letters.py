"""Japanese texts of the letters POP3 and IMAP hand over, in the page's "line in detail"
(``html.detail.letter.*``)."""

CATALOG: dict[str, str] = {
    "html.detail.letter.RETR": "POP3 の RETR で持ち帰った手紙（メッセージ {n}）",
    "html.detail.letter.TOP": "POP3 の TOP で見たメッセージ {n} の冒頭：ヘッダーと本文の {lines} 行",
    "html.detail.letter.FETCH": "IMAP の FETCH で窓口で読んだ手紙（メッセージ {n}、{item}）",
    "html.detail.letter.FETCH_partial": "IMAP の FETCH で窓口で読んだメッセージ {n} の一部：{item}",
    "html.detail.letter.partial": "一部だけ：クライアントが求めた部分で、手紙の全体ではありません。",
    "html.detail.letter.absent": "このトレースには手紙の大きさ（{size} オクテット）だけが残り、本文はありません。",
    "html.detail.letter.absent_unknown": "このトレースには手紙の本文も大きさも残っていません。",
    "html.detail.letter.no_headers": "この部分にヘッダーはありません。",
}
