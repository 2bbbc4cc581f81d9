"""DNS の第2段(SOA・切り詰め・TCP)と、外から接続した本物のメールソフトの見出し。"""

CATALOG: dict[str, str] = {
    "role.client.live": "本物のメールソフト(外部から接続)",
    "analogy.client.live": "シミュレーションの外の本物のメールソフト: その手紙はここからシミュレーションの郵便に入る",
    "step.dns.truncated": "答えが長すぎてUDPの1つのパケットに入りません(TC=1): TCPで問い合わせ直します。",
}
