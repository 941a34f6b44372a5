"""Model fields of our own."""

from django.db import models

from motcua.text import fold


class FoldedCopy(models.CharField):
    """A copy of another text column folded (motcua.text.fold: lower case, no diacritics), kept
    for searches typed without diacritics ("pham van long" finds "Phạm Văn Long").

    Set whenever the row is written: Django calls pre_save on save() and on bulk_create(), so
    no write path can forget it. A raw SQL insert leaves it empty (the database default).
    """

    def __init__(self, *args, source=None, **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = fold(getattr(model_instance, self.source))[:self.max_length]
        setattr(model_instance, self.attname, value)
        return value
