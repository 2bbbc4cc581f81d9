"""Japanese texts of the classroom page's animated network (``html.network.*``)."""

CATALOG: dict[str, str] = {
    "html.network.title": "ネットワーク: 1行ずつ、送信側から受信側へリンクを伝わっていきます",
    "html.network.devices": "端末 {n} 台",
    "html.network.lost": "消失",
}
