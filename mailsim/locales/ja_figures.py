"""シーケンス図の文言: フェーズごとのページ見出し、ページに出ないホスト、出力のエラー。"""

CATALOG: dict[str, str] = {
    "figure.phase.submission": "送信（メールソフト→メールサーバー）",
    "figure.phase.relay": "中継",
    "figure.phase.dns": "DNS の問い合わせ",
    "figure.phase.delivery": "配送（相手のメールサーバーへ）",
    "figure.phase.retrieval": "受信",
    "figure.phase_join": "・",
    "figure.not_on_page": "このページに出てこないホスト: {hosts}",
}
