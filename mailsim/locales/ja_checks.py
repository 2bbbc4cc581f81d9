"""Japanese texts of a receiving server's checks of who sent a mail (SPF, RFC 7208)."""

CATALOG: dict[str, str] = {
    "step.dns.query_txt": "このドメインはメールについてのルールを公開していますか?(TXT問い合わせ: SPF、DKIMの公開鍵、DMARC)",
    "step.dns.query_other": "この名前についてDNSに問い合わせます。",
    "state.spf_checked": "受け取る郵便局が、送り主のドメインが公開している「送ってよい郵便局の一覧」(SPF)を確かめます。"
                         "このアドレスからこのドメインのメールが来てよいですか?",
    "note.spf_checked": "SPF検査 {result}: {domain}",
    "text.spf_checked": "SPF {result}（{domain}、送信元 {ip}）: {meaning}",
    "text.spf.result.pass": "このアドレスはドメインが認めた送信元です",
    "text.spf.result.fail": "このアドレスからこのドメインのメールを送ってはいけないとドメインが宣言しています",
    "text.spf.result.softfail": "このアドレスはおそらくドメインの送信元ではないとドメインが宣言しています",
    "text.spf.result.neutral": "このアドレスについてドメインは何も宣言していません",
    "text.spf.result.none": "このドメインはSPFレコードを公開していません",
    "text.spf.result.temperror": "DNSが答えませんでした。あとで再試行します",
    "text.spf.result.permerror": "このドメインのSPFレコードに誤りがあります",
}
