"""English texts of mailsim tap (a wiretap on one link)."""

CATALOG: dict[str, str] = {
    "tap.title": "What a tap on the link {a} ↔ {b} reads",
    "tap.column.step": "#",
    "tap.column.time": "time",
    "tap.column.route": "from → to",
    "tap.column.port": "proto:port",
    "tap.column.reads": "what the tap reads",
    "tap.encrypted": "🔒 {size} octets of TLS: only the size and the time",
    "tap.more_lines": "… {n} more lines",
    "tap.summary": "{readable} units readable, {hidden} encrypted (TLS).",
    "tap.secret": "Step {step}: the tap learns a password: {secret}",
    "tap.bad_link": "expected two hosts, such as --link mx.example.jp,bob-pc",
    "tap.no_link": "there is no link between {a} and {b} in this run",
}
