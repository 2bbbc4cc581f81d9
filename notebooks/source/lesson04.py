"""Lesson 4: when things go wrong — queue, retry and backoff, bounces, MX failover, conservation."""

from __future__ import annotations

from source.cells import Claim, Code, Lesson, Text, player_intro, setup

LESSON = Lesson("04-when-things-go-wrong", (
    Text(
        """
        # Lesson 4 — When things go wrong

        A post office that cannot pass a postcard on does not throw it away. It keeps it and
        tries again later; if that never works, it sends the postcard back to the sender with a
        note saying why. Mail servers do the same:

        - a **temporary** problem (a server that does not answer, a `4xx` reply) leaves the mail
          in the **queue**, tried again after waiting 5, 10, 20, 40 minutes... (**backoff**);
        - a **permanent** problem (a `5xx` reply, NXDOMAIN) or a mail too old sends it back as a
          **bounce**, a delivery status notification;
        - when the preferred mail server is down, the next **MX** is tried.

        Whatever happens, a mail a server accepted is never lost and never delivered twice.
        """,
        """
        # レッスン4 — うまくいかないとき

        郵便局はハガキを次へ渡せなくても捨てたりしません。預かっておいて、あとでもう一度
        送ります。どうしても届けられなければ、理由を書いたメモを付けて差出人に返します。
        メールサーバーも同じです。

        - **一時的な**問題(相手のサーバーが応答しない、`4xx` の応答)のときは、メールを
          **キュー**に残し、5分、10分、20分、40分…と待つ時間をのばしながら送り直します(**バックオフ**)。
        - **永続的な**問題(`5xx` の応答、NXDOMAIN)のときや、メールが古くなりすぎたときは、
          **バウンス**(配送状態通知、エラーメール)として差出人に返します。
        - 優先するメールサーバーが止まっていれば、次の **MX** を試します。

        何が起きても、サーバーが一度受け付けたメールがなくなったり、2回届いたりすることは
        ありません。
        """,
    ),
    setup(),
    Text(
        """
        ## The relay is down: the queue and the retries

        In `relay-outage` the SMTP relay is down for two hours. Alice's mail server keeps the
        mail in its queue and tries again, waiting longer each time.
        """,
        """
        ## 中継サーバーが止まっている: キューと再送

        `relay-outage` では、SMTP中継サーバーが2時間止まっています。アリスのメールサーバーは
        メールをキューに入れたまま、待つ時間を少しずつのばしながら送り直します。
        """,
    ),
    Code('ms.about("relay-outage", lang=LANG)'),
    Code('outage = ms.run("relay-outage")\n'
         'ms.changes(outage, "queued", "connection_failed", "retry", "relayed", "stored", lang=LANG)'),
    Code(
        """
        previous = outage.states("queued")[0].t  # the first try starts at once
        for event in outage.states("retry"):
            gave_up = max(e.t for e in outage.states("connection_failed") if e.t <= event.t)
            print(f"try {event.data['attempt']}: {(event.t - previous) / 60:.1f} min after the "
                  f"previous one = {gave_up - previous:.0f} s waiting for an answer "
                  f"+ {(event.t - gave_up) / 60:.1f} min in the queue")
            previous = event.t
        """,
        """
        previous = outage.states("queued")[0].t  # 最初の試みはすぐに始まる
        for event in outage.states("retry"):
            gave_up = max(e.t for e in outage.states("connection_failed") if e.t <= event.t)
            print(f"{event.data['attempt']}回目の試み: 前回の {(event.t - previous) / 60:.1f} 分後"
                  f" = 応答待ち {gave_up - previous:.0f} 秒 + キューで {(event.t - gave_up) / 60:.1f} 分")
            previous = event.t
        """,
    ),
    Text(
        """
        Why 5.5 minutes and not 5? Each try begins by opening a connection to the relay, and
        the relay does not answer: the mail server waits 30 s for it (its connect timeout, like
        Postfix's `smtp_connect_timeout`), gives up, and only then puts the mail back in the
        queue for 5, 10, 20, 40 minutes — twice as long each time. So the tries come 5.5 min,
        10.5 min, 20.5 min and 40.5 min apart. The wait in the queue never grows past 4000 s
        (66.7 min, Postfix's `maximal_backoff_time`), so the next gap is 67.2 min; the relay is
        back by then and that try succeeds.
        """,
        """
        なぜ5分ではなく 5.5 分なのでしょう? 試みのたびに、メールサーバーはまず中継サーバーへの接続を
        開こうとしますが、中継サーバーは応答しません。メールサーバーは応答を 30 秒 待ち
        (接続タイムアウト。Postfix の `smtp_connect_timeout` と同じ)、あきらめてから、メールを
        キューに戻して5分、10分、20分、40分と、毎回2倍の時間を待ちます。そのため試みの間隔は
        5.5 分、10.5 分、20.5 分、40.5 分になります。キューで待つ時間は 4000 秒(66.7 分、
        Postfix の `maximal_backoff_time`)より長くはならないので、次の間隔は 67.2 分です。
        そのころには中継サーバーが戻っていて、その試みで成功します。
        """,
    ),
    Text(
        """
        Meanwhile the mail waits in the queue of Alice's mail server:
        """,
        """
        その間、メールはアリスのメールサーバーのキューで待っています。
        """,
    ),
    Code('ms.state_at(outage, ms.step_of(outage, "retry"), lang=LANG)'),
    Text(
        """
        ## A bounce: returned to sender

        In `no-such-domain` the domain does not exist, so the relay gives up at once and writes
        a bounce to Alice. It is sent with the empty sender `MAIL FROM:<>`, so that a bounce can
        never bounce itself.
        """,
        """
        ## バウンス: 差出人に返す

        `no-such-domain` では宛先のドメインが存在しないので、中継サーバーはすぐにあきらめ、
        アリスにバウンスメールを書きます。バウンスメールは空の差出人 `MAIL FROM:<>` で送られます。
        こうすれば、バウンスメールがさらにバウンスされることはありません。
        """,
    ),
    Code('typo = ms.run("no-such-domain")\nms.select(typo, containing="MAIL FROM:<>")'),
    Text(
        """
        The bounce is an ordinary mail in three parts (RFC 3464): an explanation for people, a
        report for programs (`message/delivery-status`), and the headers of the mail that could
        not be delivered. Python's `email` package reads it.
        """,
        """
        バウンスメールは3つの部分からできた普通のメールです(RFC 3464): 人が読む説明、プログラムが
        読む報告(`message/delivery-status`)、そして届けられなかったメールのヘッダーです。
        Pythonの `email` パッケージで読んでみましょう。
        """,
    ),
    Code(
        """
        import email
        import email.policy

        raw = ms.raw_message(typo, "Undelivered")
        bounce = email.message_from_string(raw, policy=email.policy.default)
        print(bounce["From"], "->", bounce["To"], "|", bounce["Subject"])
        for part in bounce.iter_parts():
            print("  part:", part.get_content_type())
        """,
    ),
    Code(
        """
        report = bounce.get_payload(1)  # the message/delivery-status part
        per_message, per_recipient = report.get_payload()
        for field in ("Final-Recipient", "Action", "Status", "Diagnostic-Code"):
            print(f"{field}: {per_recipient[field]}")
        """,
        """
        report = bounce.get_payload(1)  # message/delivery-status の部分
        per_message, per_recipient = report.get_payload()
        for field in ("Final-Recipient", "Action", "Status", "Diagnostic-Code"):
            print(f"{field}: {per_recipient[field]}")
        """,
    ),
    Text(
        """
        ## MX failover: the backup mail server

        In `mx-failover` Bob's preferred mail server (`mx.example.jp`, preference 10) is down.
        The relay waits for it in vain, then hands the mail to the backup (`mx2.example.jp`,
        preference 20). The backup keeps it in its own queue until the preferred server is back.
        """,
        """
        ## MXフェイルオーバー: 予備のメールサーバー

        `mx-failover` では、ボブの優先メールサーバー(`mx.example.jp`、優先度10)が止まっています。
        中継サーバーはしばらく応答を待ったあと、予備(`mx2.example.jp`、優先度20)にメールを渡します。
        予備のサーバーは、優先サーバーが復旧するまで自分のキューでメールを預かります。
        """,
    ),
    Code('failover = ms.run("mx-failover")\n'
         'ms.changes(failover, "mx_selected", "connection_failed", "relayed", "stored", lang=LANG)'),
    Text(
        """
        ## The conservation check: never lost, never duplicated

        mailsim checks every run: each mail a server accepted ends exactly one way — stored in a
        mailbox, bounced, or still waiting in a queue. `ms.conservation` says in a sentence
        whether every promise was kept, with the counts, or lists the broken ones.
        """,
        """
        ## 保存則のチェック: なくならない、二重に届かない

        mailsim は実行のたびに確かめます: サーバーが受け付けたメールは、メールボックスに届く、
        バウンスされる、キューでまだ待っている、のどれか1つだけで終わっていなければなりません。
        `ms.conservation` は、約束がすべて守られたかどうかを件数つきの文で答え、守られなかった約束があれば
        その一覧を示します。
        """,
    ),
    Code(
        """
        for name in ["relay-outage", "no-such-domain", "mx-failover", "mailbox-full", "greylisting"]:
            print(f"{name:15} {ms.conservation(ms.run(name), lang=LANG)}")
        """,
    ),
    player_intro(),
    Code("ms.player(outage, lang=LANG)"),
    Text(
        """
        ## Questions

        1. In `relay-outage`, how do the waits between tries grow? What would the next one be?
        2. Why is a bounce sent with `MAIL FROM:<>`? What could happen otherwise?
        3. Run `ms.run("mailbox-full")`: when does the relay give up, and what does Alice get
           before that?
        """,
        """
        ## 考えてみよう

        1. `relay-outage` で、再送までの待ち時間はどのようにのびていきますか? 次はどれくらいでしょう?
        2. バウンスメールを `MAIL FROM:<>` で送るのはなぜですか? そうしないと何が起こりうるでしょう?
        3. `ms.run("mailbox-full")` を実行してみましょう: 中継サーバーがあきらめるのはいつですか?
           その前にアリスは何を受け取りますか?
        """,
    ),
    Code('ms.questions("relay-outage", lang=LANG)'),
    Code('ms.questions("no-such-domain", lang=LANG)'),
    Code('ms.questions("mx-failover", lang=LANG)'),
), claims=(
    # The retry gaps the text explains, as the retry cell prints them.
    Claim("5.5 min", "5.5 分"), Claim("10.5 min", "10.5 分"), Claim("20.5 min", "20.5 分"),
    Claim("40.5 min", "40.5 分"), Claim("67.2 min", "67.2 分"), Claim("30 s", "30 秒"),
    Claim("66.7 min", "66.7 分"),
))
