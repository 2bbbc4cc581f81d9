"""Lesson 1: sending a mail — the article's route, the ports, AUTH."""

from __future__ import annotations

from source.cells import Claim, Code, Lesson, Text, player_intro, setup

LESSON = Lesson("01-sending-a-mail", (
    Text(
        """
        # Lesson 1 — Sending a mail

        When you press **Send**, the mail does not jump straight to your friend's computer.
        Like a postcard, it is handed from one post office to the next. In this lesson you
        follow one mail along the route of the article, through the hosts of this run:

        1. your mail client (`alice-pc`) hands the mail to
        2. your mail server (`mail.example.com`), which asks the authentication server
           (`auth.example.com`) whether the password is right, then passes the mail to
        3. the SMTP relay (`relay.example.net`), which asks
        4. the DNS server (`dns.example.net`) which server takes mail for `example.jp`, and
           hands the mail over with SMTP to
        5. the recipient's mail server (`mx.example.jp`), where Bob's mail client (`bob-pc`)
           downloads it once its own authentication server (`auth.example.jp`) has checked
           Bob's password.

        The postal analogy: the **mail server** is the **post office**, the **mail client**
        (Outlook, Gmail, ...) is the **postbox**, and **DNS** is *looking up which post office is
        responsible for the address on the postcard* — not the nearest one, but the one the
        address belongs to (its **MX** record).
        """,
        """
        # レッスン1 — メールを送る

        送信ボタンを押しても、メールは相手のパソコンへ直接飛んでいくわけではありません。
        ハガキと同じように、郵便局から郵便局へと順に渡されていきます。このレッスンでは、
        記事で紹介されている経路にそって、この実行に登場するホストを順に1通のメールを追いかけます。

        1. 自分のメールソフト(`alice-pc`)がメールを渡す先は
        2. 自分のメールサーバー(`mail.example.com`)。認証サーバー(`auth.example.com`)に
           パスワードが正しいかを問い合わせてから、メールを
        3. SMTP中継サーバー(`relay.example.net`)に渡します。中継サーバーは
        4. DNSサーバー(`dns.example.net`)に `example.jp` 宛てのメールを受け取るサーバーを問い合わせ、
           SMTPでメールを
        5. 相手のメールサーバー(`mx.example.jp`)に届けます。相手側の認証サーバー(`auth.example.jp`)が
           ボブのパスワードを確かめたあと、ボブのメールソフト(`bob-pc`)がメールをダウンロードします。

        郵便にたとえると、**メールサーバー**は**郵便局**、**メールソフト**(OutlookやGmailなど)は
        **郵便ポスト**、**DNS**は**ハガキの宛先を受け持つ郵便局を調べる作業**にあたります。
        近くの郵便局ではなく、その宛先を担当する郵便局(**MX**レコード)を調べるのです。
        """,
    ),
    setup(),
    Code('ms.about("article-route", lang=LANG)'),
    Text(
        """
        ## The network

        Each box is a host with its role and the ports it listens on; each line is a network
        link with its latency (how long a bit takes to cross it) and its bandwidth.
        """,
        """
        ## ネットワーク

        箱はそれぞれ1台のホストで、役割と待ち受けているポート番号が書いてあります。線はネットワークの
        回線で、遅延(データが届くまでにかかる時間)と帯域幅が書いてあります。
        """,
    ),
    Code('ms.topology("article-route", lang=LANG)'),
    Text(
        """
        ## Run the simulation

        `ms.run` returns the **trace**: every protocol line that crossed the network and every
        change inside a host (rows marked ●), each with its simulated time. Here are the first
        45 of them.
        """,
        """
        ## シミュレーションを動かす

        `ms.run` は**トレース**を返します。ネットワークを流れたプロトコルのすべての行と、ホストの中で
        起きた変化(● の行)が、シミュレーション上の時刻つきで並んでいます。最初の45行を見てみましょう。
        """,
    ),
    Code('trace = ms.run("article-route")\n'
         'print(len(trace), "events; hosts:", ", ".join(host for host, role in trace.header.hosts))\n'
         'trace[:45]',
         'trace = ms.run("article-route")\n'
         'print(len(trace), "イベント。ホスト:", ", ".join(host for host, role in trace.header.hosts))\n'
         'trace[:45]'),
    Text(
        """
        ## Handing the mail to your mail server: port 587 and AUTH

        The mail client connects to **port 587** (submission). It greets the server (`EHLO`),
        switches to an encrypted line (`STARTTLS`, then every line carries 🔒) and logs in
        with `AUTH`. Your mail server does not keep the password itself: it asks the
        **authentication server** (an LDAP bind on port 389). Only after the login is
        accepted does it take the envelope (`MAIL FROM`, `RCPT TO`) and the mail (`DATA`).

        The right-hand column says each step in plain words, with the postal analogy.
        `show_encrypted=True` lets us read the encrypted lines — something nobody tapping the
        link could do.
        """,
        """
        ## 自分のメールサーバーにメールを渡す: ポート587と認証

        メールソフトは**ポート587**(メール送信用)に接続します。あいさつ(`EHLO`)をして、暗号化された
        通信に切り替え(`STARTTLS`、それ以降の行には 🔒 が付きます)、`AUTH` でログインします。
        自分のメールサーバーはパスワードを自分では持っていません。**認証サーバー**に問い合わせます
        (ポート389のLDAPのbind)。ログインが認められて初めて、封筒にあたる情報(`MAIL FROM`、
        `RCPT TO`)とメール本体(`DATA`)を受け付けます。

        右側の列には、各ステップの意味が郵便のたとえを使ってやさしく書いてあります。
        `show_encrypted=True` を付けると、暗号化された行の中身も表示されます(回線を盗み見る人には
        できないことです)。
        """,
    ),
    Code('sent = ms.step_of(trace, "submitted")\n'
         "ms.sequence(trace, lang=LANG, last=sent, analogy=True, show_encrypted=True)"),
    Text(
        """
        What did the authentication server see? Only the question "are this name and this
        password right?" and its answer — never the mail.
        """,
        """
        認証サーバーには何が見えたでしょう? 「この名前とパスワードは正しいか?」という問い合わせと
        その答えだけで、メールの中身は見えていません。
        """,
    ),
    Code('ms.select(trace, protocols=["LDAP"])'),
    Text(
        """
        ## From your mail server to the recipient's: relay, DNS, SMTP on port 25

        Your mail server puts the mail in its queue (its out-tray) and hands it to the
        **SMTP relay** on **port 25**. The relay asks the **DNS server** which server takes mail
        for `example.jp` (the **MX record**), then speaks SMTP on port 25 with that server:
        **the recipient's mail server**, which puts the mail in Bob's mailbox.
        TCP segments are left out here to keep the figure short.
        """,
        """
        ## 自分のメールサーバーから相手のメールサーバーへ: 中継サーバー、DNS、ポート25のSMTP

        自分のメールサーバーはメールをキュー(送り出し待ちの箱)に入れ、**ポート25**で
        **SMTP中継サーバー**に渡します。中継サーバーは**DNSサーバー**に「`example.jp` 宛ての
        メールを受け取るのはどのサーバー?」と問い合わせ(**MXレコード**)、そのサーバー、つまり
        **相手のメールサーバー**とポート25でSMTPのやり取りをします。相手のメールサーバーは
        メールをボブのメールボックスに入れます。図を短くするため、TCPのセグメントは省いています。
        """,
    ),
    Code('queued = ms.step_of(trace, "queued")\nstored = ms.step_of(trace, "stored")\n'
         "ms.sequence(trace, lang=LANG, first=queued, last=stored, tcp=False)"),
    Text(
        """
        ## Who talks to whom, on which port

        One row per connection. Compare with the article: SMTP uses 25 or 587, POP3 110,
        IMAP 143. Which connections are encrypted?
        """,
        """
        ## だれが、だれと、どのポートで話したか

        1行が1つの接続です。記事の表と比べてみましょう: SMTPは25または587、POP3は110、
        IMAPは143です。暗号化されているのはどの接続でしょう?
        """,
    ),
    Code("ms.connections(trace, lang=LANG)"),
    Text(
        """
        ## Bob's mailbox, one step before and just after

        `ms.state_at(trace, k)` replays the trace up to step *k* and shows what every host
        holds: mailboxes, queues, the DNS cache, the mail on each device.
        """,
        """
        ## ボブのメールボックス: 1ステップ前と直後

        `ms.state_at(trace, k)` はトレースをステップ *k* までたどり直し、各ホストが持っているもの
        (メールボックス、キュー、DNSキャッシュ、各端末のメール)を表示します。
        """,
    ),
    Code("ms.state_at(trace, stored - 1, lang=LANG)"),
    Code("ms.state_at(trace, stored, lang=LANG)"),
    Text(
        """
        ## The mail itself: Received headers

        Every server that passes the mail on writes a `Received:` line on top of it, like a
        postmark. `ms.message` finds the last copy that crossed the network — the one Bob's
        mail client downloads with POP3 `RETR` — and parses it with Python's `email` package.
        """,
        """
        ## メールそのもの: Receivedヘッダー

        メールを次へ渡したサーバーは、消印のように `Received:` の行をメールの先頭に書き足します。
        `ms.message` はネットワークを流れた最後のコピー(ボブのメールソフトがPOP3の `RETR` で
        ダウンロードしたもの)を探し、Pythonの `email` パッケージで読み取ります。
        """,
    ),
    Code(
        """
        mail = ms.message(trace, "Hello from Tokyo")
        print("Subject:", mail["Subject"])
        print("Return-Path:", mail["Return-Path"])
        for received in mail.get_all("Received"):
            print("Received:", received)
        """,
    ),
    player_intro(),
    Code("ms.player(trace, lang=LANG)"),
    Text(
        """
        ## The same run as a classroom page

        `ms.html` shows the page `mailsim html` writes: the network with each line travelling
        its link, the sequence diagram, the line in detail and every node's state, all on the
        same step. Click into it and use ← and →; `?` lists every key. It keeps working when the
        notebook is exported to HTML.
        """,
        """
        ## 同じ実行を教室用ページで見る

        `ms.html` は `mailsim html` が書き出すページを表示します。ネットワーク上を行が
        伝わっていく様子、シーケンス図、その行の詳細、各ノードの状態が、同じステップで
        並びます。ページをクリックしてから ← と → で進めてください。`?` でキーの一覧が
        出ます。ノートブックをHTMLに書き出しても動きます。
        """,
    ),
    Code("ms.html(trace, lang=LANG)"),
    Text(
        """
        ## Questions

        1. Look at the player: at which step does Bob's mailbox get the mail, and which host
           sent the line just before?
        2. Which lines could someone tapping the link between the relay and Bob's mail server
           read? (Look for 🔒.)
        3. Run `ms.run("wrong-password")` and find the reply code that tells the mail client
           that the login failed.
        """,
        """
        ## 考えてみよう

        1. プレイヤーで確かめましょう: ボブのメールボックスにメールが入るのは何番のステップですか?
           その直前の行を送ったのはどのホストですか?
        2. 中継サーバーと相手のメールサーバーの間の回線を盗み見た人には、どの行が読めますか?
           (🔒 に注目しましょう。)
        3. `ms.run("wrong-password")` を実行して、ログインの失敗をメールソフトに伝える応答コードを
           探してみましょう。
        """,
    ),
    Code('ms.questions("article-route", lang=LANG)'),
), claims=(
    # The route's hosts are the run's; the ports are those of its connections.
    Claim("`alice-pc`", "`alice-pc`", "alice-pc"),
    Claim("`mail.example.com`", "`mail.example.com`", "mail.example.com"),
    Claim("`auth.example.com`", "`auth.example.com`", "auth.example.com"),
    Claim("`relay.example.net`", "`relay.example.net`", "relay.example.net"),
    Claim("`dns.example.net`", "`dns.example.net`", "dns.example.net"),
    Claim("`mx.example.jp`", "`mx.example.jp`", "mx.example.jp"),
    Claim("`bob-pc`", "`bob-pc`", "bob-pc"),
    Claim("`auth.example.jp`", "`auth.example.jp`", "auth.example.jp"),
    Claim("port 587", "ポート587", "SMTP:587"), Claim("port 389", "ポート389", "LDAP:389"),
    Claim("port 25", "ポート25", "SMTP:25"), Claim("POP3 110", "POP3は110", "POP3:110"),
))
