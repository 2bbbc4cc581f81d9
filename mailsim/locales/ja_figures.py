"""シーケンス図の文言: フェーズごとのページ見出し、ページに出ないホスト、出力のエラー。"""

CATALOG: dict[str, str] = {
    "figure.phase.submission": "送信",
    "figure.phase.relay": "中継",
    "figure.phase.dns": "DNS の問い合わせ",
    "figure.phase.delivery": "配送",
    "figure.phase.retrieval": "受信",
    "figure.list_join": "、",
    "figure.phase_join": "・",
    "figure.not_on_page": "このページに出てこないホスト: {hosts}",
    "figure.needs_pages": "この図は {pages} ページ(段階: {phases})になりますが、-o で指定できるのは"
                          "1 つのファイルです。--per-page を付けると {first} … {last} に書き出し、"
                          "--page N で 1 ページだけ描き、--steps・--node・--protocol で範囲を"
                          "絞れます。すべてのページを 1 つのファイルにするには -o {pdf} としてください",
    "figure.empty_selection": "描くものがありません: 選んだ範囲にイベントがありません。"
                              "このトレースのステップは {first} から {last} まで({start} から {end})です",
    "figure.empty_trace": "描くものがありません: このトレースにはイベントがありません",
}
