"""Django REST framework's validation messages that its Vietnamese catalog lacks.

Listed here so `makemessages` extracts them into locale/vi; our catalog takes precedence over
the library's (LOCALE_PATHS), so API errors read in Vietnamese. Never imported at run time.
"""

from django.utils.translation import gettext_noop as _

MESSAGES = [
    _("A valid integer is required."),
    _("A valid number is required."),
    _('"{input}" is not a valid choice.'),
    _("Ensure this value is greater than or equal to {min_value}."),
    _("Ensure this value is less than or equal to {max_value}."),
    _("Ensure this field has no more than {max_length} characters."),
    _("Must be a valid boolean."),
    _("This field may not be blank."),
    _("This field may not be null."),
    _("This field is required."),
    _("Invalid page."),
    _("Method \"{method}\" not allowed."),
    _("Authentication credentials were not provided."),
    _("You do not have permission to perform this action."),
    _("Request was throttled."),
    _("Date has wrong format. Use one of these formats instead: {format}."),
    _("Datetime has wrong format. Use one of these formats instead: {format}."),
    _("Unable to log in with provided credentials."),
    _('Must include "username" and "password".'),
    _("Invalid token."),
    _("Not found."),
]
