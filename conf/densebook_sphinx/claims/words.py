"""The words of the claim marks, the proofs and the checks page, per edition."""

from __future__ import annotations

from typing import Final

_WORDS: Final = {
    "en": {
        "checks_on_page": "Checks on this page",
        "checks_intro": (
            "Each sentence marked ✓ above is a claim, checked while this page was built. "
            "Open a claim to see its check's code and its result."
        ),
        "mark_label": "Checked claim {id}: show its check",
        "summary": "{symbol} {id}: {result}",
        "pass": "passed",
        "fail": "FAILED",
        "skip": "did not run",
        "ran": "Checked in this build by {check}, with {versions}: {result}.",
        "rerun": "Run it on your own install:",
        "total": "Claims: {claims}, on {pages} of the pages; passed: {passed}; failed: {failed}.",
        "page_count": "Claims: {claims}; passed: {passed}; failed: {failed}.",
        "item": " ({result}): {sentence} ",
        "join": ", ",
        "section": "(section: {title})",
        "stderr": "While it ran, TensorFlow or Python wrote this to standard error:",
        "same_code": "The same check proves {first} on this page; its code is shown there.",
        "none": "No claims yet.",
    },
    "zh_TW": {
        "checks_on_page": "本頁的驗證",
        "checks_intro": (
            "上文每個標有 ✓ 的句子都是一項主張，已在建置本頁時驗證過。"
            "展開任一項主張，即可看到驗證它的程式碼與結果。"
        ),
        "mark_label": "已驗證的主張 {id}：顯示它的驗證",
        "summary": "{symbol} {id}：{result}",
        "pass": "通過",
        "fail": "失敗",
        "skip": "未執行",
        "ran": "本次建置中由 {check} 驗證，環境為 {versions}：{result}。",
        "rerun": "在你自己的環境中執行：",
        "total": "{claims} 項主張，分布在 {pages} 頁中：{passed} 項通過，{failed} 項失敗。",
        "join": "、",
        "page_count": "{claims} 項主張：{passed} 項通過，{failed} 項失敗。",
        "item": "（{result}）：{sentence}",
        "section": "（小節：{title}）",
        "stderr": "執行期間，TensorFlow 或 Python 在標準錯誤輸出寫下了這些內容：",
        "same_code": "本頁的 {first} 也由同一個驗證證明，程式碼列在那裡。",
        "none": "尚無主張。",
    },
}


def words(language: str | None) -> dict[str, str]:
    """The words for a build's ``language`` (English for any language without its own)."""
    return _WORDS.get(language or "en", _WORDS["en"])
