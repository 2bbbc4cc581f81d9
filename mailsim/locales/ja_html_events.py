"""Japanese texts of the classroom page's event list and its filter bar (``html.events.*``)."""

CATALOG: dict[str, str] = {
    "html.events.encrypted": "暗号化（TLS）：回線を盗み見ても読めません",
    "html.events.empty_line": "（空の行）",
    "html.events.lost": "消失",
    "html.events.filter.title": "絞り込み",
    "html.events.filter.no_tcp": "TCPなし",
    "html.events.filter.host": "ホスト…",
    "html.events.filter.conn": "接続…",
    "html.events.filter.remove": "この絞り込みを外す",
    "html.events.filter.count": "{all} 件中 {shown} 件",
    "html.events.filter.start": "開始",
    "html.events.filter.end": "終了",
    "html.events.filter.time_hint": "時刻：90、1.5s、1m30s、2h",
    "html.events.filter.tcp": "TCPセグメント",
    "html.events.filter.with_state": "状態の変化をすべて",
    "html.events.filter.with_state_hint": "残した行が起こした変化だけでなく、状態の変化をすべて表示します",
    "html.events.filter.clear": "解除",
}
