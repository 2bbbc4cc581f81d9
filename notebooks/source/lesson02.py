"""Lesson 2: DNS and MX — the MX record, preference, the cache and its TTL, NXDOMAIN."""

from __future__ import annotations

from source.cells import Claim, Code, Lesson, Text, player_intro, setup

LESSON = Lesson("02-dns-and-mx", (
    Text(
        """
        # Lesson 2 — DNS and the MX record

        The relay holds a mail for `bob@example.jp`. It knows the domain, `example.jp`, but not
        which computer takes mail for it. It asks the **DNS server** — in the postal analogy,
        *looking up which post office is responsible for the address on the postcard*: not the
        nearest one, but the one the address belongs to.

        The answer is the domain's **MX record** (mail exchanger): the name of the mail server,
        with its IP address. In this lesson: what an MX record holds, why there can be several
        with a **preference**, why the relay keeps answers in a **cache** for a while (the
        **TTL**), and what happens when the domain does not exist (**NXDOMAIN**).
        """,
        """
        # レッスン2 — DNSとMXレコード

        中継サーバーは `bob@example.jp` 宛てのメールを預かっています。ドメイン `example.jp` は
        わかりますが、そのドメインのメールを受け取るのがどのコンピューターなのかはわかりません。
        そこで**DNSサーバー**に問い合わせます。郵便でいえば**ハガキの宛先を受け持つ郵便局を
        調べる作業**です。近くの郵便局ではなく、その宛先を担当する郵便局を調べます。

        答えはそのドメインの**MXレコード**(メールエクスチェンジャー)、つまりメールサーバーの名前と、
        そのIPアドレスです。このレッスンでは、MXレコードの中身、MXレコードが複数あるときの
        **優先度**、中継サーバーが答えをしばらく**キャッシュ**に覚えておく理由(**TTL**)、
        そしてドメインが存在しないとき(**NXDOMAIN**)に何が起こるかを見ていきます。
        """,
    ),
    setup(),
    Text(
        """
        ## The MX records

        These are the records the DNS server of the `mx-failover` scenario holds. `example.jp`
        names two mail servers. The **lower** preference number is tried **first**; the other
        one is the backup. The TTL says how long an answer may be kept.
        """,
        """
        ## MXレコード

        `mx-failover` シナリオのDNSサーバーが持っているレコードです。`example.jp` には
        メールサーバーが2台登録されています。優先度の**数字が小さいほうが先に**試され、
        もう1台は予備です。TTLは、答えを覚えておいてよい時間です。
        """,
    ),
    Code('ms.zone("mx-failover", lang=LANG)'),
    Text(
        """
        ## A question and its answer

        In the `dns-cache` scenario Alice sends two mails to Bob, one minute apart.
        Here are all the DNS lines of the run.
        """,
        """
        ## 問い合わせと答え

        `dns-cache` シナリオでは、アリスがボブに1分おいて2通のメールを送ります。
        実行中に流れたDNSの行をすべて見てみましょう。
        """,
    ),
    Code('ms.about("dns-cache", lang=LANG)'),
    Code('trace = ms.run("dns-cache")\nms.select(trace, protocols=["DNS"], state_events=False)'),
    Text(
        """
        Only one question for two mails! The relay wrote the first answer in its **DNS cache**
        (a notebook of answers) and used it again for the second mail: a **cache hit**.
        """,
        """
        メールは2通なのに、問い合わせは1回だけです。中継サーバーは最初の答えを**DNSキャッシュ**
        (答えを書き留めておくメモ帳)に書いておき、2通目ではそれを使いました。これを
        **キャッシュヒット**といいます。
        """,
    ),
    Code('ms.changes(trace, "dns_cache_store", "dns_cache_hit", "mx_selected", lang=LANG)'),
    Text(
        """
        The cache at the moment of the hit. Each entry counts down its **TTL**: once it reaches
        zero the entry is forgotten, and the next mail makes the relay ask again — so a change
        of mail server reaches everyone within one TTL.
        """,
        """
        キャッシュヒットの時点のキャッシュの中身です。各項目は **TTL** を数え下げていき、
        ゼロになると忘れられます。その後のメールでは、中継サーバーはもう一度問い合わせます。
        だから、メールサーバーを変更しても、TTLの時間がたてば全員に伝わるのです。
        """,
    ),
    Code('hit = ms.step_of(trace, "dns_cache_hit")\nms.state_at(trace, hit, lang=LANG)'),
    Code('ms.sequence(trace, lang=LANG, protocols=["DNS", "SMTP"], tcp=False,\n'
         '            nodes=["relay.example.net", "dns.example.net"])'),
    Text(
        """
        ## Preference: the answer lists every mail server

        In `mx-failover` the DNS answer carries both MX records; the relay sorts them by
        preference and tries `mx.example.jp` (10) before `mx2.example.jp` (20). What happens
        when the first one does not answer is part of lesson 4.
        """,
        """
        ## 優先度: 答えにはすべてのメールサーバーが入っている

        `mx-failover` ではDNSの答えに2つのMXレコードが入っています。中継サーバーは優先度の順に
        並べ、`mx2.example.jp`(20)より先に `mx.example.jp`(10)を試します。1台目が応答しないときに
        どうなるかは、レッスン4で見ます。
        """,
    ),
    Code('failover = ms.run("mx-failover")\n'
         'ms.select(failover, protocols=["DNS"], last=ms.step_of(failover, "mx_selected"))'),
    Text(
        """
        ## NXDOMAIN: the domain does not exist

        In `no-such-domain` Alice mistypes the address: `bob@example.jq`. The DNS server answers
        **NXDOMAIN** (no such domain). Asking again will not help, so this is a permanent
        failure: the relay gives up at once and sends Alice a bounce (more in lesson 4).
        """,
        """
        ## NXDOMAIN: ドメインが存在しない

        `no-such-domain` では、アリスが宛先を `bob@example.jq` と打ち間違えます。DNSサーバーの答えは
        **NXDOMAIN**(そのようなドメインはない)です。何度聞き直しても変わらないので、これは
        永続的な失敗です。中継サーバーはすぐにあきらめ、アリスにエラーメール(バウンス)を
        送り返します(くわしくはレッスン4で)。
        """,
    ),
    Code('typo = ms.run("no-such-domain")\nms.select(typo, protocols=["DNS"], state_events=False)'),
    Code('ms.changes(typo, "dns_cache_store", "failed", "bounced", lang=LANG)'),
    player_intro(),
    Code("ms.player(trace, lang=LANG)"),
    Text(
        """
        ## Questions

        1. In the `dns-cache` trace, how many seconds of TTL were left at the cache hit?
        2. Why is an MX answer followed by an `ADDITIONAL` line with an A record?
        3. Why does the relay not retry after NXDOMAIN, when it does retry after a server that
           does not answer?
        """,
        """
        ## 考えてみよう

        1. `dns-cache` のトレースで、キャッシュヒットのときTTLは何秒残っていましたか?
        2. MXの答えのあとに、Aレコードの `ADDITIONAL` の行が続くのはなぜでしょう?
        3. 相手のサーバーが応答しないときは送り直すのに、NXDOMAINのときに中継サーバーが送り直さない
           のはなぜでしょう?
        """,
    ),
    Code('ms.questions("dns-cache", lang=LANG)'),
    Code('ms.questions("no-such-domain", lang=LANG)'),
), claims=(
    # The preferences the text names are those of the DNS answer the cell shows.
    Claim("`mx.example.jp` (10)", "`mx.example.jp`(10)", "MX 10 mx.example.jp"),
    Claim("`mx2.example.jp` (20)", "`mx2.example.jp`(20)", "MX 20 mx2.example.jp"),
    Claim("NXDOMAIN", "NXDOMAIN"),
))
