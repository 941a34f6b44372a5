"""Signals other apps listen to, so the dossier core need not know them.

`dossier_changed(dossier, action, by, role, data, event)` (data: the action's cleaned data;
event: the DossierEvent written) is sent inside the transaction of every action, after its
event is written, and once for a new dossier (action "submit", or "receive" when taken in
complete; `events` then lists both). Payments records a counter payment on `confirm_payment`, results issues the
electronic result on a decision, feedback sends the rating link on return, sync queues the
national portal's records."""

from django.dispatch import Signal

dossier_changed = Signal()
