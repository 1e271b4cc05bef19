"""French formats: Django's, with the thousands grouped by a narrow no-break space (15 263 $).

That is how French typography (and CLDR) groups digits, and how the scoring engine, which cannot
call Django, writes the amounts in its sentences (`programs.engine.criteria.money`): an amount a
template groups and one the engine wrote then look the same on one page.
"""

from django.conf.locale.fr.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\u202f"
