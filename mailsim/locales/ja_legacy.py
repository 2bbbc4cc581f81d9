"""POP before SMTP(POP3ログインのあと、そのアドレスからの中継を認める仕組み)の日本語テキスト。"""

CATALOG: dict[str, str] = {
    "state.relay_window_opened": "POP before SMTP: このPOP3ログインのあと、しばらくの間、同じIPアドレスから"
                                 "25番ポートに届くメールはパスワードなしで中継されます。サーバーが信用するのは"
                                 "人ではなく、アドレスです。",
    "note.relay_window_opened": "{ip} の中継を許可(POP3ログイン)",
    "text.relay_window_opened": "POP before SMTP: {user} が {ip} からPOP3でログイン。{until} まで"
                                "このアドレスからの中継を許可",
    "state.relay_window_used": "少し前に同じIPアドレスからだれかがPOP3でログインしたというだけで、サーバーは"
                               "パスワードを確かめずにこのメールを中継します。だれが送っているのかは、"
                               "サーバーにはわかりません。",
    "note.relay_window_used": "{ip} のため中継: パスワードなし",
    "text.relay_window_used": "POP before SMTP: {ip} から {recipient} 宛てを中継({user} のPOP3ログインに"
                              "よる)。パスワードは確かめない",
}
