"""DNS の第2段(SOA・切り詰め・TCP)と、外から接続した本物のメールソフトの見出し。"""

CATALOG: dict[str, str] = {
    "role.client.live": "本物のメールソフト(外部から接続)",
    "analogy.client.live": "模型の外にある本物のメールソフト: その手紙はここから模擬の郵便に入ります",
    "step.dns.truncated": "答えが長すぎてUDPの1つのパケットに入りません(TC=1): TCPで問い合わせ直します。",
}
