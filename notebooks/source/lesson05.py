"""Lesson 5: who sent this mail? — a forged From:, SPF, DKIM, DMARC, and a mailing list's footer."""

from __future__ import annotations

from source.cells import Claim, Code, Lesson, Text, player_intro, setup

LESSON = Lesson("05-who-sent-this-mail", (
    Text(
        """
        # Lesson 5 — Who sent this mail?

        Anyone can write any name as the sender on the back of a postcard: the post office
        carries it all the same. E-mail is no different. The `From:` line a reader sees is text
        the sender typed, and SMTP does not check it. A mail that pretends to come from someone
        else is **spoofed** (a forged sender).

        Today's mail servers check three things, all published by the sender's domain in DNS
        (together: **sender domain authentication**):

        - **SPF**: may this server send mail for the domain? — the post office checks that the
          sending office is on the sender town's list;
        - **DKIM**: is the mail unchanged and really signed by the domain? — a seal only the
          sender's office can make;
        - **DMARC**: did SPF or DKIM vouch for the domain in the `From:`, and if not, what should
          happen? — the town's published rule for letters that fail both.
        """,
        """
        # レッスン5 — このメールはだれが送った?

        ハガキの裏には、だれでもどんな差出人の名前でも書けます。それでも郵便局はふつうに運びます。
        メールも同じです。読む人に見える `From:` の行は送った人が入力した文字にすぎず、
        SMTPはそれを確かめません。ほかの人のふりをして送られたメールを**なりすましメール**といいます。

        いまのメールサーバーは、送信者のドメインがDNSで公開している情報を使って、次の3つを
        確かめます(まとめて**送信ドメイン認証**といいます)。

        - **SPF**: このサーバーはこのドメインのメールを送ってよいか? 郵便でいえば、差し出した
          郵便局が、差出人の町の「送ってよい郵便局の一覧」にあるかを確かめることです。
        - **DKIM**: メールは途中で変えられていないか、本当にそのドメインが**電子署名**したものか? 郵便で
          いえば、差出人の郵便局にしか押せない封印です。
        - **DMARC**: SPFかDKIMが `From:` のドメインを保証したか、しなかったらどう扱うか? 郵便で
          いえば、どちらにも合格しない手紙の扱いについて、町が公開しているルールです。
        """,
    ),
    setup(),
    Text(
        """
        ## The envelope and the letter

        In `forged-sender` Mallory runs her own mail server, `mail.forger.example`, and sends Bob
        a mail that says it is from Alice. A minute later Alice sends Bob a real mail.
        """,
        """
        ## 封筒と手紙

        `forged-sender` では、マロリーが自分のメールサーバー `mail.forger.example` を動かし、
        アリスから来たように見せかけたメールをボブに送ります。その1分後、アリスが本物のメールを
        ボブに送ります。
        """,
    ),
    Code('ms.about("forged-sender", lang=LANG)'),
    Text(
        """
        Here is what Mallory's server says to Bob's server (`mx.example.jp`). `MAIL FROM` is the
        **envelope**: the address the servers use, where a bounce goes. The `From:` inside `DATA`
        is the **letter**: what Bob's mail client shows him. They do not have to agree.
        """,
        """
        マロリーのサーバーがボブのサーバー(`mx.example.jp`)に送った行です。`MAIL FROM` は
        **エンベロープ**(封筒)で、サーバーどうしが使うアドレス、エラーメールの返送先です。
        `DATA` の中の `From:` は**手紙**の中身で、ボブのメールソフトが表示する差出人です。
        この2つは同じでなくてもかまいません。
        """,
    ),
    Code('forged = ms.run("forged-sender")\n'
         'ms.select(forged, protocols=["SMTP"], nodes=["mx.example.jp"], end=60, containing="from")'),
    Code(
        """
        fake = ms.message(forged, "invoice")  # the copy that reached Bob's server
        for field in ("From", "Message-ID", "Received"):
            print(f"{field}: {fake[field]}")
        """,
        """
        fake = ms.message(forged, "invoice")  # ボブのサーバーに届いたコピー
        for field in ("From", "Message-ID", "Received"):
            print(f"{field}: {fake[field]}")
        """,
    ),
    Text(
        """
        The `From:` says Alice, but the `Message-ID` and the `Received:` header give Mallory's
        server away. Bob's mail client would show only "Alice".
        """,
        """
        `From:` はアリスですが、`Message-ID` と `Received:` ヘッダーを見ると、マロリーのサーバーから
        来たことがわかります。それでもボブのメールソフトには「Alice」としか表示されません。
        """,
    ),
    Text(
        """
        ## SPF: is the sending office on the town's list?

        At `MAIL FROM`, Bob's server asks DNS (port 53) for the TXT record of the envelope's
        domain. `v=spf1 mx -all` means: the domain's own mail servers (its MX hosts) may send
        for it, and every other address fails. Here are the DNS lines of that check.
        """,
        """
        ## SPF: 差し出した郵便局は町の一覧にあるか

        `MAIL FROM` を受け取ると、ボブのサーバーはエンベロープのドメインのTXTレコードをDNSに
        問い合わせます(ポート53)。`v=spf1 mx -all` は「このドメインのメールサーバー(MXのホスト)は
        送信してよい、それ以外のアドレスはすべて不合格」という意味です。この確認で流れたDNSの行です。
        """,
    ),
    Code('ms.select(forged, protocols=["DNS"], nodes=["mx.example.jp"],\n'
         '          last=ms.step_of(forged, "spf_checked"))'),
    Code('ms.changes(forged, "spf_checked", lang=LANG)'),
    Text(
        """
        SPF **passed** for the forged mail: `203.0.113.70` is the MX of `forger.example`, so
        Mallory's server may send for her own domain. But SPF checked the envelope's domain,
        `forger.example`, not `example.com`, the domain in the `From:`. On its own, SPF says
        nothing about Alice. Alice's real mail passes for `example.com` from `192.0.2.25`.
        """,
        """
        なりすましメールでもSPFは**合格**しました。`203.0.113.70` は `forger.example` のMXなので、
        マロリーのサーバーは自分のドメインのメールを送ってよいのです。しかしSPFが確かめたのは
        エンベロープのドメイン `forger.example` で、`From:` のドメイン `example.com` ではありません。
        SPFだけでは、アリスについて何もわかりません。アリスの本物のメールは、
        `192.0.2.25` から `example.com` について合格しています。
        """,
    ),
    Text(
        """
        ## DKIM: a seal only the sender's office can make

        Alice's mail server signs every mail it sends with a private key that only it has. The
        signature is a header, `DKIM-Signature:`: `d=` is the signing domain, `s=` the selector
        (the key's name), `h=` the signed headers, `bh=` a hash of the body, `b=` the signature.
        """,
        """
        ## DKIM: 差出人の郵便局にしか押せない封印

        アリスのメールサーバーは、自分だけが持つ秘密鍵で、送るメールすべてに電子署名します。
        署名は `DKIM-Signature:` というヘッダーです。`d=` は署名したドメイン、`s=` はセレクター
        (鍵の名前)、`h=` は署名したヘッダー、`bh=` は本文のハッシュ値、`b=` が署名そのものです。
        """,
    ),
    Code(
        """
        real = ms.message(forged, "Lunch")  # the copy Bob's mail client downloaded
        for tag in real["DKIM-Signature"].split(";"):  # one tag a line, the folding removed
            print("".join(tag.split()))
        """,
        """
        real = ms.message(forged, "Lunch")  # ボブのメールソフトがダウンロードしたコピー
        for tag in real["DKIM-Signature"].split(";"):  # タグを1行に1つ、折り返しを取って表示
            print("".join(tag.split()))
        """,
    ),
    Text(
        """
        To check the seal, Bob's server fetches the public key from DNS, at
        `s1._domainkey.example.com` (the selector, `_domainkey`, the domain): `p=` is the key.
        """,
        """
        封印を確かめるため、ボブのサーバーは公開鍵をDNSから取り出します。
        場所は `s1._domainkey.example.com`(セレクター、`_domainkey`、ドメインの順)で、`p=` が鍵です。
        """,
    ),
    Code('ms.select(forged, containing="_domainkey", state_events=False)'),
    Code('ms.changes(forged, "dkim_signed", "dkim_checked", lang=LANG)'),
    Text(
        """
        The signature matches: the mail is as `example.com` sent it. The forged mail has no
        `DKIM-Signature:` at all — Mallory does not have example.com's private key, so she cannot
        make one that matches its public key.
        """,
        """
        署名は一致しました。メールは `example.com` が送ったときのままです。
        なりすましメールには `DKIM-Signature:` がまったくありません。マロリーは example.com の
        秘密鍵を持っていないので、その公開鍵で確かめて一致する署名を作れないのです。
        """,
    ),
    Text(
        """
        ## DMARC: the town's rule for letters that fail

        DMARC starts from the domain a reader sees, the `From:` domain. Bob's server reads its
        policy at `_dmarc.example.com`: `p=reject` means "refuse mail that claims to be from us
        but is not". The mail passes DMARC only if SPF or DKIM passed **for that same domain**
        (**alignment**).
        """,
        """
        ## DMARC: 不合格の手紙についての町のルール

        DMARCは、読む人に見えるドメイン、つまり `From:` のドメインから始めます。
        ボブのサーバーは `_dmarc.example.com` にあるポリシーを読みます。`p=reject` は
        「わたしたちのドメインを名乗っているのに、そうでないメールは拒否してください」という意味です。SPFかDKIMが**まさにその
        ドメインについて**合格したときだけ、メールはDMARCに合格します(**アライメント**、
        ドメインの一致)。
        """,
    ),
    Code('ms.select(forged, containing="_dmarc", state_events=False)'),
    Code('ms.changes(forged, "dmarc_checked", "bounced", "stored", lang=LANG)'),
    Text(
        """
        For the forged mail, SPF passed for `forger.example` and there was no signature, so
        nothing vouched for `example.com`: Bob's server answers `550 5.7.1` and refuses it.
        The bounce goes to the envelope, `mallory@forger.example` — Alice never hears of it.
        Alice's real mail passes, aligned through SPF (and DKIM). Bob's server writes what it
        found into the mail, in an `Authentication-Results:` header:
        """,
        """
        なりすましメールでは、SPFは `forger.example` について合格しただけで、署名もないので、
        `example.com` を保証するものは何もありません。ボブのサーバーは `550 5.7.1` と答えて受け取りを
        拒否します。エラーメールはエンベロープのアドレス `mallory@forger.example` に返るので、
        アリスは何も知らないままです。アリスの本物のメールは、SPF(とDKIM)がドメインと一致して
        合格します。ボブのサーバーは確かめた結果を `Authentication-Results:` ヘッダーに書き込みます。
        """,
    ),
    Code('print(real["Authentication-Results"])'),
    Text(
        """
        The forged mail's whole visit to Bob's server: SPF's two questions at `MAIL FROM`, the
        DMARC question after `DATA`, and the refusal.
        """,
        """
        なりすましメールがボブのサーバーに届いてから拒否されるまでの全体です。`MAIL FROM` の後に
        SPFの問い合わせが2つ、`DATA` の後にDMARCの問い合わせがあり、最後に拒否されます。
        """,
    ),
    Code('ms.sequence(forged, lang=LANG, protocols=["SMTP", "DNS"], tcp=False, end=60,\n'
         '            nodes=["mx.example.jp"])'),
    Text(
        """
        The bounce is in Mallory's own mailbox:
        """,
        """
        エラーメールはマロリー自身のメールボックスに入っています。
        """,
    ),
    Code('ms.state_at(forged, ms.step_of(forged, "stored", node="mail.forger.example"), lang=LANG)'),
    Text(
        """
        ## The mailing-list footer: a broken seal

        A mailing list passes each mail on to its members, and often changes it on the way: a
        footer under the body, a tag such as `[team]` in the subject. In `mailing-list-footer`
        Alice's signed mail reaches Bob through such a list server.
        """,
        """
        ## メーリングリストのフッター: 壊れた封印

        メーリングリストは、届いたメールをメンバーに配りなおします。そのとき、本文の下にフッターを
        付けたり、件名に `[team]` のような印を付けたりして、メールを書き換えることがよくあります。
        `mailing-list-footer` では、アリスの署名付きメールがそのようなリストのサーバーを通って
        ボブに届きます。
        """,
    ),
    Code('ms.about("mailing-list-footer", lang=LANG)'),
    Code(
        """
        footer = ms.run("mailing-list-footer")
        signed = ms.message(footer, "Minutes", 1)    # Alice's server -> the list server
        changed = ms.message(footer, "Minutes", -1)  # the list server -> Bob's server
        for copy in (signed, changed):
            print("Subject:", copy["Subject"])
            print(copy.get_content())
        """,
        """
        footer = ms.run("mailing-list-footer")
        signed = ms.message(footer, "Minutes", 1)    # アリスのサーバー -> リストのサーバー
        changed = ms.message(footer, "Minutes", -1)  # リストのサーバー -> ボブのサーバー
        for copy in (signed, changed):
            print("Subject:", copy["Subject"])
            print(copy.get_content())
        """,
    ),
    Text(
        """
        The seal covers the body through `bh=`, a SHA-256 hash of the body. Compute it yourself
        for both copies, the way RFC 6376 says (its "relaxed" form: spaces at the ends of lines
        and empty lines at the end do not count):
        """,
        """
        封印は `bh=` によって本文も守っています。`bh=` は本文のSHA-256ハッシュ値です。
        RFC 6376 の決まり(relaxed方式: 行末の空白と最後の空行は数えない)にしたがって、
        2つのコピーについて自分で計算してみましょう。
        """,
    ),
    Code(
        """
        import base64
        import hashlib
        import re


        def body_hash(raw: str) -> str:
            \"\"\"bh= of a mail's text (RFC 6376 §3.4.4 relaxed body, SHA-256, base64).\"\"\"
            lines = [re.sub(r"[ \\t]+", " ", line).rstrip(" ")
                     for line in raw.split("\\n\\n", 1)[1].split("\\n")]
            while lines and not lines[-1]:
                lines.pop()
            body = "".join(line + "\\r\\n" for line in lines)
            return base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()


        signature = re.sub(r"\\s+", "", signed["DKIM-Signature"])
        print("bh= in the signature:  ", re.search(r"bh=([^;]+)", signature).group(1))
        print("body hash, signed copy: ", body_hash(ms.raw_message(footer, "Minutes", 1)))
        print("body hash, changed copy:", body_hash(ms.raw_message(footer, "Minutes", -1)))
        """,
        """
        import base64
        import hashlib
        import re


        def body_hash(raw: str) -> str:
            \"\"\"メールの文字から bh= を計算する(RFC 6376 3.4.4節 relaxed方式、SHA-256、base64)。\"\"\"
            lines = [re.sub(r"[ \\t]+", " ", line).rstrip(" ")
                     for line in raw.split("\\n\\n", 1)[1].split("\\n")]
            while lines and not lines[-1]:
                lines.pop()
            body = "".join(line + "\\r\\n" for line in lines)
            return base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()


        signature = re.sub(r"\\s+", "", signed["DKIM-Signature"])
        print(re.search(r"bh=([^;]+)", signature).group(1), "← 署名の中の bh=")
        print(body_hash(ms.raw_message(footer, "Minutes", 1)), "← 署名したコピーのハッシュ値")
        print(body_hash(ms.raw_message(footer, "Minutes", -1)), "← 書き換えたコピーのハッシュ値")
        """,
    ),
    Text(
        """
        The footer changed the hash, so the seal no longer matches. And SPF? The list server,
        `198.51.100.25`, sends with Alice's envelope, but `example.com` lists only its own mail
        server. Neither check vouches for `example.com`, and its policy is `p=quarantine`: Bob's
        server keeps the mail, but files it in the **Junk** folder.
        """,
        """
        フッターのせいでハッシュ値が変わったので、封印はもう一致しません。SPFはどうでしょう? リストの
        サーバー `198.51.100.25` はアリスのエンベロープのまま送りますが、`example.com` の一覧には
        自分のメールサーバーしかありません。どちらの確認も `example.com` を保証せず、
        ポリシーは `p=quarantine` です。ボブのサーバーはメールを受け取りますが、
        **迷惑メールフォルダー**(`Junk`)に入れます。
        """,
    ),
    Code('ms.changes(footer, "message_modified", "spf_checked", "dkim_checked", "dmarc_checked", "stored",\n'
         '           lang=LANG)'),
    Code('ms.state_at(footer, ms.step_of(footer, "stored"), lang=LANG)'),
    Text(
        """
        Bob's mail client reads with POP3, which sees only the inbox: he never finds the
        minutes.
        """,
        """
        ボブのメールソフトはPOP3で受信するので、受信箱しか見えません。ボブは議事録のメールに
        気づかないままです。
        """,
    ),
    player_intro(),
    Code("ms.player(forged, lang=LANG)"),
    Text(
        """
        ## Exercises

        1. Run `forged-sender` again with Bob's server only **reporting** DMARC
           (`checks.dmarc: report`: the scenario's description shows the key, as `mailsim sweep`
           varies it).
           Where does the forged mail end up? What could warn Bob?
        """,
        """
        ## 練習問題

        1. ボブのサーバーがDMARCの結果を**報告するだけ**にして(`checks.dmarc: report`。シナリオの
           説明にある `mailsim sweep` が変えるキーです)、`forged-sender` をもう一度実行しましょう。
           なりすましメールはどこに届きますか? ボブに注意を促せるものは何でしょう?
        """,
    ),
    Code('reporting = ms.run(ms.vary("forged-sender", "hosts[mx.example.jp].checks.dmarc=report"))\n'
         'ms.changes(reporting, "dmarc_checked", "stored", "downloaded", lang=LANG)'),
    Text(
        """
        <details><summary>Answer</summary>

        DMARC still fails and the policy still says reject, but Bob's server only reports it:
        the forgery is stored in Bob's inbox and his mail client downloads it. Only a header
        says so —
        `print(ms.message(reporting, "invoice")["Authentication-Results"])` shows `dmarc=fail`,
        which a mail client could show as a warning. A policy protects Bob only when his server
        enforces it — just as `p=none` (a domain's "only report") protects nobody, which is why
        domains move on to `p=quarantine` and `p=reject`.

        </details>

        2. Could Mallory make SPF pass for `example.com`? What would she need?

        <details><summary>Answer</summary>

        Only by sending from an address `example.com` lists: its MX, Alice's mail server. That
        server sends only for users who log in (SMTP AUTH on port 587), so Mallory would need
        Alice's password. That is why a stolen password is so valuable to a spammer.

        </details>

        3. Why does the bounce of the forged mail go to Mallory and not to Alice?

        <details><summary>Answer</summary>

        A bounce goes to the envelope sender, `MAIL FROM`, and Mallory's server used her own
        address there. Had she written `alice@example.com` in the envelope too, SPF would have
        failed for `example.com` (her server is not on its list).

        </details>

        4. What could the mailing list do so that Bob receives the minutes in his inbox?

        <details><summary>Answer</summary>

        Not change the mail (no footer, no tag), so Alice's signature still matches; or send it
        as its own: its own domain in the `From:` (many lists write "Alice via team") and its
        own DKIM signature. ARC (RFC 8617) lets a list vouch for the checks it saw.

        </details>
        """,
        """
        <details><summary>答え</summary>

        DMARCは不合格で、ポリシーも「拒否」のままですが、ボブのサーバーは結果を報告するだけです。
        なりすましメールはボブの受信箱に保存され、メールソフトがダウンロードします。それを伝えるのは
        ヘッダーだけです。
        `print(ms.message(reporting, "invoice")["Authentication-Results"])` を実行すると、
        `dmarc=fail` と表示され、メールソフトはこれを警告として表示できます。ポリシーがボブを
        守るのは、ボブのサーバーがそれにしたがうときだけです。ドメインが「報告だけ」の `p=none` を
        公開しても同じようにだれも守られないので、ドメインは `p=quarantine`、`p=reject` へと
        ポリシーを強めていきます。

        </details>

        2. マロリーは `example.com` についてSPFを合格させられるでしょうか? 何が必要ですか?

        <details><summary>答え</summary>

        `example.com` の一覧にあるアドレス、つまりそのMXであるアリスのメールサーバーから送るしか
        ありません。このサーバーはログインした利用者(ポート587のSMTP AUTH)のメールしか送らないので、
        マロリーにはアリスのパスワードが必要です。盗まれたパスワードが迷惑メールの送り主にとって
        価値がある理由です。

        </details>

        3. なりすましメールのエラーメールが、アリスではなくマロリーに返るのはなぜですか?

        <details><summary>答え</summary>

        エラーメールはエンベロープの差出人(`MAIL FROM`)に返ります。マロリーのサーバーはそこに
        マロリー自身のアドレスを使いました。もしエンベロープにも `alice@example.com` と書いていたら、
        `example.com` についてのSPFが不合格になっていたはずです(マロリーのサーバーは一覧にありません)。

        </details>

        4. ボブが議事録を受信箱で受け取れるようにするには、メーリングリストはどうすればよいでしょう?

        <details><summary>答え</summary>

        メールを書き換えない(フッターも印も付けない)ことです。そうすればアリスの署名は一致したままです。
        または、リスト自身のメールとして送ることです。`From:` にリスト自身のドメインを使い、
        (「Alice via team」と書くリストが多くあります)リスト自身のDKIM署名を付けます。
        ARC(RFC 8617)を使うと、リストが自分の確かめた結果を保証できます。

        </details>
        """,
    ),
    Code('ms.questions("forged-sender", lang=LANG)'),
    Code('ms.questions("mailing-list-footer", lang=LANG)'),
), claims=(
    # The records, addresses and replies the text names, as the cells print them.
    Claim("`v=spf1 mx -all`", "`v=spf1 mx -all`", "v=spf1 mx -all"),
    Claim("`203.0.113.70`", "`203.0.113.70`", "203.0.113.70"),
    Claim("`192.0.2.25`", "`192.0.2.25`", "192.0.2.25"),
    Claim("`s1._domainkey.example.com`", "`s1._domainkey.example.com`", "s1._domainkey.example.com"),
    Claim("`p=reject`", "`p=reject`", "p=reject"),
    Claim("`550 5.7.1`", "`550 5.7.1`", "550 5.7.1"),
    Claim("`mallory@forger.example`", "`mallory@forger.example`", "mallory@forger.example"),
    Claim("`198.51.100.25`", "`198.51.100.25`", "198.51.100.25"),
    Claim("`p=quarantine`", "`p=quarantine`", "p=quarantine"),
    Claim("**Junk**", "(`Junk`)", "Junk"),
))
