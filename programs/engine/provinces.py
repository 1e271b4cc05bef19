"""Province and territory names as the applicant reads them in a sentence, in both languages.

The engine is pure (no Django), so its messages take the names from here; French needs the
preposition that goes with each name ("en Ontario", "au Québec", "à l'Île-du-Prince-Édouard").
"""

from __future__ import annotations

# code -> language -> (name, "in <name>", "outside <name>")
PROVINCES: dict[str, dict[str, tuple[str, str, str]]] = {
    "AB": {
        "en": ("Alberta", "in Alberta", "outside Alberta"),
        "fr": ("Alberta", "en Alberta", "hors de l'Alberta"),
    },
    "BC": {
        "en": ("British Columbia", "in British Columbia", "outside British Columbia"),
        "fr": (
            "Colombie-Britannique",
            "en Colombie-Britannique",
            "hors de la Colombie-Britannique",
        ),
    },
    "MB": {
        "en": ("Manitoba", "in Manitoba", "outside Manitoba"),
        "fr": ("Manitoba", "au Manitoba", "hors du Manitoba"),
    },
    "NB": {
        "en": ("New Brunswick", "in New Brunswick", "outside New Brunswick"),
        "fr": ("Nouveau-Brunswick", "au Nouveau-Brunswick", "hors du Nouveau-Brunswick"),
    },
    "NL": {
        "en": (
            "Newfoundland and Labrador",
            "in Newfoundland and Labrador",
            "outside Newfoundland and Labrador",
        ),
        "fr": (
            "Terre-Neuve-et-Labrador",
            "à Terre-Neuve-et-Labrador",
            "hors de Terre-Neuve-et-Labrador",
        ),
    },
    "NS": {
        "en": ("Nova Scotia", "in Nova Scotia", "outside Nova Scotia"),
        "fr": ("Nouvelle-Écosse", "en Nouvelle-Écosse", "hors de la Nouvelle-Écosse"),
    },
    "NT": {
        "en": (
            "the Northwest Territories",
            "in the Northwest Territories",
            "outside the Northwest Territories",
        ),
        "fr": (
            "les Territoires du Nord-Ouest",
            "dans les Territoires du Nord-Ouest",
            "hors des Territoires du Nord-Ouest",
        ),
    },
    "NU": {
        "en": ("Nunavut", "in Nunavut", "outside Nunavut"),
        "fr": ("Nunavut", "au Nunavut", "hors du Nunavut"),
    },
    "ON": {
        "en": ("Ontario", "in Ontario", "outside Ontario"),
        "fr": ("Ontario", "en Ontario", "hors de l'Ontario"),
    },
    "PE": {
        "en": ("Prince Edward Island", "in Prince Edward Island", "outside Prince Edward Island"),
        "fr": (
            "Île-du-Prince-Édouard",
            "à l'Île-du-Prince-Édouard",
            "hors de l'Île-du-Prince-Édouard",
        ),
    },
    "QC": {
        "en": ("Quebec", "in Quebec", "outside Quebec"),
        "fr": ("Québec", "au Québec", "hors du Québec"),
    },
    "SK": {
        "en": ("Saskatchewan", "in Saskatchewan", "outside Saskatchewan"),
        "fr": ("Saskatchewan", "en Saskatchewan", "hors de la Saskatchewan"),
    },
    "YT": {
        "en": ("Yukon", "in Yukon", "outside Yukon"),
        "fr": ("Yukon", "au Yukon", "hors du Yukon"),
    },
}


def _forms(code: str, language: str) -> tuple[str, str, str]:
    names = PROVINCES.get(code)
    if names is None:  # not a province code: said as given (never expected from the contract)
        return code, code, code
    return names.get(language, names["en"])


def in_province(code: str, language: str) -> str:
    """'in Ontario' / 'en Ontario'."""
    return _forms(code, language)[1]


def outside_province(code: str, language: str) -> str:
    """'outside Quebec' / 'hors du Québec'."""
    return _forms(code, language)[2]
