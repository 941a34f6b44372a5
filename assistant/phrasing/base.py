"""A phrasing plugin rewords an answer for reading, from the retrieved passages only. It is
given the question and the numbered passages, and returns text that cites them as [1], [2].
MotCua keeps its own extractive answer unless the reworded one cites only given passages and
every figure in it stands in them (assistant.phrasing.registry.checked)."""


class Phraser:
    def phrase(self, question, passages):
        """Text citing the passages by [n], or None."""
        raise NotImplementedError
