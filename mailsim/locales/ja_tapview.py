"""Japanese texts of the wiretap in the player, the notebooks and the classroom page."""

CATALOG: dict[str, str] = {
    "tapview.label": "盗聴中の回線: {a} ↔ {b}",
    "tapview.state": "{node} の中での変化です。このステップでは回線に何も流れません。",
    "tapview.elsewhere": "このステップは回線 {a} ↔ {b} を通りません。盗聴者には何も見えません。",
    "tapview.clear": "暗号化されていません。盗聴者は {size} オクテットをそのまま全部読めます。",
    "tapview.secret": "暗号化されていません。盗聴者はパスワードを知ってしまいます: {secret}",
    "tapview.segment": "TCPのセグメント({text})です。盗聴者には、誰と誰がどのポートでいつ通信しているかが見えます。",
    "tapview.kind.clear": "読める",
    "tapview.kind.secret": "パスワード!",
    "tapview.kind.protected": "保護されている(TLS)",
    "tapview.column.kind": "盗聴者には",
    "tapview.off": "盗聴をやめました。",
    "tapview.on": "回線 {a} ↔ {b} を盗聴中(t: 次の回線)",
    "tapview.no_links": "この実行には盗聴できる回線がありません。",
    "tapview.nothing": "この実行では回線 {a} ↔ {b} を通るものはありません。",
    "ui.player.key.tap": "回線を盗聴",
    "html.tab.tap": "盗聴",
    "html.tap.choose": "盗聴する回線",
    "html.tap.none": "(盗聴しない)",
    "html.tap.hint": "ここで回線を選ぶか、ネットワーク図の回線をクリックしてください。"
                     "各ステップでその回線を流れるパケットを読む人に何が見えるかを、このタブに表示します。",
    "html.tap.key": "次の回線を盗聴",
}
