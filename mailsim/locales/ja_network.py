"""Japanese texts of routers and the ISP's port 25 blocking (OP25B)."""

CATALOG: dict[str, str] = {
    "role.router": "ルーター",
    "analogy.router": "町の出口にある検問所",
    "state.port_blocked": "家庭の回線からの25番ポートは、プロバイダー自身のメールサーバーにしかつながりません。"
                          "ボットがほかの町の郵便局へ直接投函できないようにするためです。",
    "note.port_blocked": "{rule}: {port}番ポートへのSYNを破棄",
    "text.port_blocked": "{rule}: {src} から {dst} の{port}番ポートへの接続を破棄",
}
