"""What a change to a dossier sets off, in order (DESIGN.md, "Follow-ups are explicit").

`run` is called by the do_* functions inside the change's transaction, after the event is
written: once per action, and once for a new dossier (action "submit", or "receive" when taken
in complete; `events` then lists both). Each follow-up does its part inside the transaction
(rows, and jobs queued with the change); slow work (signing, the portal's HTTP) is a job that
runs after commit. The order is the rule, not INSTALLED_APPS:

1. payments: a financial obligation the officer confirms paid gets its counter payment;
2. results: a decision on a procedure with an electronic result reserves its number and queues
   its signing;
3. feedback: the rating link when the result is handed over;
4. sync: the national portal's records, last, so they carry what the steps above recorded.

The signing job runs them too, with the pseudo-action "result_signed" (no event): the signed
result joins the national record.
"""

from django.utils.module_loading import import_string

FOLLOW_UPS = [
    "payments.actions.on_dossier_changed",
    "results.actions.on_dossier_changed",
    "feedback.ratings.on_dossier_changed",
    "sync.outbox.on_dossier_changed",
]


def run(dossier, *, action, by, role, data=None, event=None, events=None, new=False):
    """`new`: the dossier was created by this change (nothing of it exists elsewhere yet)."""
    for path in FOLLOW_UPS:
        import_string(path)(dossier, action=action, by=by, role=role, data=data or {},
                            event=event, events=events or ([event] if event else []), new=new)
