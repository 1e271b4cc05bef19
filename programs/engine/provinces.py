"""Province and territory names as the applicant reads them in a sentence ("in Ontario").

The names and their French prepositions ("en Ontario", "au Québec", "à l'Île-du-Prince-Édouard")
are the `vocabulary.Province` enum's texts, translated through the project's catalogue.
"""

from __future__ import annotations

from .vocabulary import Province


def in_province(code: str, language: str) -> str:
    """'in Ontario' / 'en Ontario'; not a province code: said as given (never expected)."""
    province = Province.find(code)
    return code if province is None else province.within(language)


def outside_province(code: str, language: str) -> str:
    """'outside Quebec' / 'hors du Québec'."""
    province = Province.find(code)
    return code if province is None else province.outside(language)
