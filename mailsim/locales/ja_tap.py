"""Japanese texts of mailsim tap (a wiretap on one link)."""

CATALOG: dict[str, str] = {
    "tap.title": "回線 {a} ↔ {b} を盗聴すると読めるもの",
    "tap.column.step": "#",
    "tap.column.time": "時刻",
    "tap.column.route": "送信元 → 宛先",
    "tap.column.port": "プロトコル:ポート",
    "tap.column.reads": "盗聴して読める内容",
    "tap.encrypted": "🔒 TLSの {size} オクテット: 大きさと時刻しかわかりません",
    "tap.more_lines": "… ほか {n} 行",
    "tap.summary": "読めるもの {readable} 個、暗号化されたもの(TLS) {hidden} 個。",
    "tap.secret": "ステップ {step}: 盗聴者はパスワードを知ります: {secret}",
    "tap.bad_link": "ホストを2つ指定してください。例: --link mx.example.jp,bob-pc",
    "tap.no_link": "この実行には {a} と {b} の間の回線がありません",
}
