"""A translated edition's downloads: the page's catalog applied to its MyST text."""

from __future__ import annotations

from densebook_sphinx.downloads.translation import translate_markdown

MESSAGES = {
    "A layer builds its weights on its first call.": "層在第一次被呼叫時建構權重。",
    "Why the weights are empty": "為什麼權重是空的",
    "first item, over two lines": "第一項，跨兩行",
    "second item": "第二項",
    "kernel": "核",
    "The matrix `W`.": "矩陣 `W`。",
    "The post says": "那篇文章說",
    "Keras 3": "Keras 3 的做法",
    "print('A layer builds its weights on its first call.')": "不該翻譯",
}


def test_paragraphs_headings_and_list_items_are_translated_whole() -> None:
    text = (
        "## Why the weights are empty\n"
        "\n"
        "A layer builds its weights\n"
        "on its first call.\n"
        "\n"
        "- first item,\n"
        "  over two lines\n"
        "- second item\n"
        "- an item with no translation\n"
    )
    assert translate_markdown(text, MESSAGES) == (
        "## 為什麼權重是空的\n"
        "\n"
        "層在第一次被呼叫時建構權重。\n"
        "\n"
        "- 第一項，跨兩行\n"
        "- 第二項\n"
        "- an item with no translation\n"
    )


def test_code_cells_and_directive_options_stay_as_they_are() -> None:
    text = (
        "```{code-cell} ipython3\n"
        ":tags: [hide-cell]\n"
        "print('A layer builds its weights on its first call.')\n"
        "```\n"
        "\n"
        ":::{note}\n"
        ":class: tip\n"
        "A layer builds its weights on its first call.\n"
        ":::\n"
    )
    assert translate_markdown(text, MESSAGES) == text.replace(
        "A layer builds its weights on its first call.\n:::",
        "層在第一次被呼叫時建構權重。\n:::",
    )


def test_glossary_definitions_and_list_tables_are_translated_piece_by_piece() -> None:
    glossary = "```{glossary}\nkernel\n  The matrix `W`.\n```\n"
    assert translate_markdown(glossary, MESSAGES) == "```{glossary}\n核\n  矩陣 `W`。\n```\n"
    table = "* - The post says\n  - Keras 3\n"
    assert translate_markdown(table, MESSAGES) == "* - 那篇文章說\n  - Keras 3 的做法\n"
    pipes = "| kernel | second item |\n|---|---|\n| The matrix `W`. | x |\n"
    assert translate_markdown(pipes, MESSAGES) == (
        "| 核 | 第二項 |\n|---|---|\n| 矩陣 `W`。 | x |\n"
    )


def test_without_messages_the_text_is_unchanged() -> None:
    text = "A layer builds its weights\non its first call.\n"
    assert translate_markdown(text, {}) == text
    assert translate_markdown(text, {"other": "其他"}) == text
