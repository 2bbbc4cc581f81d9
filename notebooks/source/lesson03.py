r"""Lesson 3: POP3 versus IMAP — where the mail is stored, two devices, \Seen, offline."""

from __future__ import annotations

from source.cells import Claim, Code, Lesson, Text, player_intro, setup

LESSON = Lesson("03-pop3-vs-imap", (
    Text(
        """
        # Lesson 3 — Reading mail: POP3 or IMAP?

        The mail is in Bob's mailbox on his mail server. His mail client can fetch it in two ways:

        - **POP3** (port 110) **downloads** the mail to one device and can delete it from the
          server. The server stays small, the mail can be read offline — but the other devices
          never see it.
        - **IMAP** (port 143) leaves the mail **on the server**. Every device sees the same
          mailbox and the same marks (read, deleted...), like a cloud service — but the mailbox
          on the server fills up, and without the network nothing can be opened.
        """,
        """
        # レッスン3 — メールを読む: POP3かIMAPか

        メールはボブのメールサーバーのメールボックスに届きました。ボブのメールソフトがメールを
        受け取る方法は2つあります。

        - **POP3**(ポート110)はメールを1台の端末に**ダウンロード**し、サーバーからは削除する
          こともできます。サーバーの容量を圧迫せず、オフラインでも読めます。ただし、ほかの端末では
          そのメールを見られません。
        - **IMAP**(ポート143)はメールを**サーバーに残した**ままにします。クラウドサービスのように、
          どの端末からも同じメールボックスと同じ印(既読、削除など)が見えます。ただし、サーバーの
          メールボックスはいっぱいになりやすく、ネットワークがないとメールを開けません。
        """,
    ),
    setup(),
    Text(
        """
        ## POP3 on one device

        Bob's laptop logs in, asks which mails are new (`UIDL`), downloads them (`RETR`) and
        marks them for deletion (`DELE`). The server deletes them only when the session ends
        with `QUIT`.
        """,
        """
        ## 1台の端末でPOP3

        ボブのノートパソコンがログインし、新しいメールを確認し(`UIDL`)、ダウンロードして
        (`RETR`)、削除の印を付けます(`DELE`)。サーバーが実際に削除するのは、`QUIT` で
        やり取りを終えたときです。
        """,
    ),
    Code('ms.about("pop3-one-device", lang=LANG)'),
    Code('pop = ms.run("pop3-one-device")\n'
         'ms.sequence(pop, lang=LANG, protocols=["POP3"], tcp=False, last=ms.step_of(pop, "deleted"))'),
    Text(
        """
        After the `QUIT`: the server mailbox is empty, the copies are on the device.
        """,
        """
        `QUIT` の後: サーバーのメールボックスは空になり、メールは端末の中にあります。
        """,
    ),
    Code('ms.state_at(pop, ms.step_of(pop, "deleted"), lang=LANG)'),
    Text(
        """
        ## POP3 on two devices: the phone finds nothing

        Bob reads with his laptop first, then checks with his phone. The laptop has already
        downloaded and deleted everything.
        """,
        """
        ## 2台の端末でPOP3: スマホには何も届かない

        ボブはまずノートパソコンでメールを受信し、そのあとスマホで確認します。ノートパソコンが
        すでに全部ダウンロードして、サーバーから削除してしまっています。
        """,
    ),
    Code('two = ms.run("pop3-two-devices")\n'
         'ms.select(two, protocols=["POP3"], nodes=["bob-phone"], state_events=False)'),
    Text(
        r"""
        ## IMAP: one mailbox, every device

        With IMAP both devices look at the same mailbox on the server. When the laptop opens a
        mail, the server marks it `\Seen` — and the phone sees that mark too.
        """,
        r"""
        ## IMAP: 1つのメールボックスを、すべての端末から

        IMAPでは、2台の端末がサーバー上の同じメールボックスを見ています。ノートパソコンで
        メールを開くと、サーバーがそのメールに `\Seen`(既読)の印を付け、スマホからもその印が
        見えます。
        """,
    ),
    Code('ms.about("imap-two-devices", lang=LANG)'),
    Code('imap = ms.run("imap-two-devices")\n'
         'ms.changes(imap, "synced", "flags_changed", "read", "offline", "read_failed", lang=LANG)'),
    Code('ms.select(imap, containing="FLAGS (\\\\Seen)")'),
    Text(
        """
        At the end the phone is **offline**. Its list shows the mails (it synced before), but
        the mails themselves are on the server: it cannot open them.
        """,
        """
        最後にスマホは**オフライン**になります。一覧にはメールが表示されています(その前に
        同期したため)が、メール本体はサーバーにあるので開けません。
        """,
    ),
    Code('ms.state_at(imap, ms.step_of(imap, "read_failed"), lang=LANG)'),
    Text(
        """
        ## Compare: where does the mail end up?

        `ms.compare` runs one workload (six mails over two hours, a laptop and a phone, the phone
        offline for a while) four times: POP3 deleting after download, POP3 leaving the mail on
        the server, IMAP, and IMAP with a local cache for offline reading.
        "readable" counts the mails each device can open online / offline at the end.
        """,
        """
        ## 比べてみよう: メールは最後にどこにある?

        `ms.compare` は同じ状況(2時間で6通のメール、ノートパソコンとスマホ、スマホはしばらく
        オフライン)を4つの方法で実行します: POP3(ダウンロード後にサーバーから削除)、
        POP3(サーバーにも残す)、IMAP、IMAP(オフラインで読めるよう端末にもキャッシュ)。
        「開けるメール」は、最後に各端末がオンライン / オフラインで開けるメールの数です。
        """,
    ),
    Code('comparison = ms.compare("pop3-vs-imap", lang=LANG)\ncomparison'),
    Code("comparison.figure()"),
    player_intro(),
    Code("ms.player(imap, lang=LANG)"),
    Text(
        """
        ## Questions

        1. With POP3 and `leave_on_server`, what happens to the server's storage over time?
           Find it in the figure.
        2. You read mail on a phone and a laptop and sometimes on a plane. Which strategy would
           you choose, and what does it cost?
        3. Which line of the POP3 session really deletes the mail on the server?
        """,
        """
        ## 考えてみよう

        1. POP3で「サーバーにも残す」設定にすると、サーバーの保存量は時間とともにどうなりますか?
           図で確かめましょう。
        2. スマホとノートパソコンでメールを読み、ときどき飛行機の中でも読みたいとします。
           どの方法を選びますか? その代わりに何が起こりますか?
        3. POP3のやり取りのうち、サーバー上のメールを本当に削除するのはどの行ですか?
        """,
    ),
    Code('ms.questions("pop3-vs-imap", lang=LANG)'),
    Code('ms.questions("imap-two-devices", lang=LANG)'),
), claims=(
    # The ports the text names are those of the sessions the cells show.
    Claim("(port 110)", "(ポート110)", "POP3:110"), Claim("(port 143)", "(ポート143)", "IMAP:143"),
))
