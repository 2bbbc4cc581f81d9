"""教室用ページのシーケンス図の日本語 (assets/sequence.js)。"""

CATALOG: dict[str, str] = {
    "html.sequence.title": "シーケンス図: ホストごとに縦線が1本、通信路を通る1行ごとに矢印が1本",
    "html.sequence.axis.proportional": "時間に比例",
    "html.sequence.axis.compact": "等間隔",
    "html.sequence.key.axis": "シーケンス図: 時間に比例 / 等間隔",
    "html.sequence.encrypted": "暗号化された{protocol}",
    "html.sequence.content": "メール本文 {lines}行 {size}バイト",
    "html.sequence.more": "(+{n}行)",
    "html.sequence.lost": "消失",
    "html.sequence.gap": "… {duration} 経過 …",
    "html.sequence.legend.encrypted": "暗号化 (TLS)",
    "html.sequence.legend.state": "ホスト内の変化",
    "html.sequence.legend.connection": "ポートへの接続",
}
