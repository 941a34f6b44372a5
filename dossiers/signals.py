"""Signals other apps listen to, so the dossier core need not know them.

`dossier_changed(dossier, action, by, role, data)` (data: the action's cleaned data) is sent inside the transaction of every action,
after its event is written (payments records a counter payment on `confirm_payment`)."""

from django.dispatch import Signal

dossier_changed = Signal()
