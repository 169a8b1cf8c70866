"""``{predict}``: a predict-first question whose answer key the page computes with Keras.

::

    ```{predict}
    :answer: weights_on_345
    How many weights does `Dense(4)` give its kernel on an input of shape `(3, 4, 5)`?

    - 20 weights

      The last axis, 5, meets the kernel: 5 rows, 4 units.
    - 60 weights

      That counts the 3 rows too; every row uses the same kernel.
    ```

The question comes first, then one list item per choice: its first paragraph is the choice,
the rest explains it. ``:answer:`` names a value the page glued; exactly one choice must
start with that value (its first word), or the build fails: the key is Keras's, not the
author's. The reader picks a choice (native radio buttons); the page script says right
or not and shows that choice's explanation in an ``aria-live`` region. With scripts off the
radio buttons still work, and an "Answer" disclosure gives the key and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from densebook_sphinx.explorables.words import words

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class predict(nodes.General, nodes.Element):  # type: ignore[misc]  # docutils: untyped
    """The whole question: its text, its choices and the fallback answer."""


class predict_question(nodes.General, nodes.Element):  # type: ignore[misc]
    """The question's paragraphs."""


class predict_choice(nodes.General, nodes.Element):  # type: ignore[misc]
    """One choice: a ``predict_label`` and a ``predict_feedback``."""


class predict_label(nodes.General, nodes.Element):  # type: ignore[misc]
    """A choice's text (one paragraph, its only child, so it is written without ``<p>``)."""


class predict_feedback(nodes.General, nodes.Element):  # type: ignore[misc]
    """Why a choice is right or wrong."""


class predict_answer(nodes.General, nodes.Element):  # type: ignore[misc]
    """The answer and its explanation, for readers without scripts."""


def _value(text: str) -> str:
    """A choice's or an answer's text as compared: outer quotes and spaces dropped.

    >>> _value(" 20 "), _value("'dense/kernel'")
    ('20', 'dense/kernel')
    """
    return text.strip().strip("'\"")


class PredictDirective(SphinxDirective):
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"answer": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data

        key = self.options["answer"]
        try:
            glued = retrieve_glue_data(self.state.document, key)
        except RetrievalError as error:
            raise self.error(f"predict: {error}") from None
        answer = _value(glued.data.get("text/plain", ""))
        parsed = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, parsed)
        lists = [child for child in parsed.children if isinstance(child, nodes.bullet_list)]
        if len(lists) != 1 or parsed.children[-1] is not lists[0]:
            raise self.error("predict: write the question, then one list of choices, last")
        serial = self.env.new_serialno("densebook-predict")
        uid = f"predict-{serial}"
        question = predict_question(uid=uid)
        question.extend(parsed.children[:-1])
        node = predict(uid=uid, language=self.config.language or "en")
        node += question
        correct: list[predict_choice] = []
        for index, item in enumerate(lists[0].children):
            if not item.children or not isinstance(item.children[0], nodes.paragraph):
                raise self.error("predict: each choice starts with a paragraph")
            label = predict_label()
            label += item.children[0].deepcopy()
            feedback = predict_feedback(classes=["densebook-predict-why"])
            feedback.extend(child.deepcopy() for child in item.children[1:])
            label_text = _value(item.children[0].astext())
            is_answer = (label_text.split() or [""])[0] == answer
            choice = predict_choice(uid=uid, index=index, correct=is_answer)
            choice += [label, feedback]
            node += choice
            if is_answer:
                correct.append(choice)
        if len(correct) != 1:
            raise self.error(
                f"predict: exactly one choice must read {answer!r}, the value glued as "
                f"{key!r}; {len(correct)} do"
            )
        fallback = predict_answer(
            uid=uid, language=node["language"], classes=["densebook-predict-answer"]
        )
        fallback += [child.deepcopy() for child in correct[0].children]
        node += fallback
        self.set_source_info(node)
        return [node]


def _write(tag: str) -> Any:
    """A visitor (or departure) that writes ``tag``, the node's attributes filled in."""

    def write(self: HTML5Translator, node: nodes.Element) -> None:
        self.body.append(tag.format(**node.attributes))

    return write


def visit_choice(self: HTML5Translator, node: predict_choice) -> None:
    self.body.append(
        f'<div class="densebook-predict-choice"><label><input type="radio" '
        f'name="{node["uid"]}" value="{node["index"]}"'
        f"{' data-correct' if node['correct'] else ''}> "
    )


def visit_feedback(self: HTML5Translator, node: predict_feedback) -> None:
    self.body.append("</label>" if isinstance(node.parent, predict_choice) else "")
    hidden = " hidden" if isinstance(node.parent, predict_choice) else ""
    self.body.append(f'<div class="densebook-predict-why"{hidden}>')


def visit_answer(self: HTML5Translator, node: predict_answer) -> None:
    said = words(node["language"])
    self.body.append(
        f'</fieldset><div class="densebook-predict-result" aria-live="polite" '
        f'data-right="{said["right"]}" data-wrong="{said["wrong"]}"></div>'
        f'<details class="densebook-predict-answer"><summary>{said["answer"]}</summary>'
    )


def inline_labels(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write each choice's text inline, beside its radio button: once translated, its
    paragraph becomes a span (a paragraph may not sit inside a label). HTML only: the
    message catalogs must see the paragraph."""
    if app.builder.format != "html":
        return
    for label in doctree.findall(predict_label):
        for paragraph in [p for p in label.children if isinstance(p, nodes.paragraph)]:
            inline = nodes.inline()
            inline.extend(child.deepcopy() for child in paragraph.children)
            paragraph.replace_self(inline)


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", inline_labels)
    app.add_directive("predict", PredictDirective)
    app.add_node(
        predict, html=(_write('<div class="densebook-predict" id="{uid}">'), _write("</div>"))
    )
    app.add_node(
        predict_question,
        html=(
            _write('<div class="densebook-predict-question" id="{uid}-question">'),
            _write(
                '</div><fieldset class="densebook-predict-choices" '
                'aria-labelledby="{uid}-question">'
            ),
        ),
    )
    app.add_node(predict_choice, html=(visit_choice, _write("</div>")))
    app.add_node(
        predict_label,
        html=(_write('<span class="densebook-predict-label">'), _write("</span>")),
    )
    app.add_node(predict_feedback, html=(visit_feedback, _write("</div>")))
    app.add_node(predict_answer, html=(visit_answer, _write("</details>")))
