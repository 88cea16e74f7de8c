"""Every sheet of the spreadsheets and CSV folders, column by column, in three languages.

Each column's headers (English, Finnish, Swedish), how its cells are read and its help text;
``docs/io.md`` and the template's README sheet are generated from these tables.
"""

from __future__ import annotations

from placement.io.layout import Column, Sheet
from placement.io.needs_sheet import NEEDS_RULES

__all__ = [
    "CLIENTS",
    "NEEDS_RULES",
    "PREFERENCES",
    "RESIDENTS",
    "SCENARIO",
    "SERVICE_CLASSES",
    "SETTINGS",
    "SETTING_KEYS",
    "SHEETS",
    "UNITS",
]

_C = Column
CLIENTS = Sheet(
    "clients",
    ("clients", "asiakkaat", "klienter"),
    (
        _C(
            "id",
            "text",
            ("id", "asiakas", "klient", "client_id", "client"),
            True,
            "Pseudonymous client id (never a name or a personal identity code).",
        ),
        _C(
            "municipality",
            "text",
            ("municipality", "kunta", "kommun"),
            True,
            "Home municipality, Finnish or Swedish name or Statistics Finland code.",
        ),
        _C(
            "lat",
            "number",
            ("lat", "leveysaste", "latitud", "latitude"),
            True,
            "Latitude of the location of interest, decimal degrees (WGS84).",
        ),
        _C(
            "lon",
            "number",
            ("lon", "pituusaste", "longitud", "longitude"),
            True,
            "Longitude of the location of interest, decimal degrees (WGS84).",
        ),
        _C(
            "queued_since",
            "date",
            ("queued_since", "jonossa_alkaen", "i_kö_sedan"),
            True,
            "Day the client entered the queue: 2025-03-01 or 1.3.2025.",
        ),
        _C(
            "urgency",
            "whole",
            ("urgency", "kiireellisyys", "brådska"),
            False,
            "1 normal, 2 raised, 3 urgent (empty: 1).",
        ),
        _C(
            "min_service_class",
            "text",
            ("min_service_class", "vähimmäispalveluluokka", "minsta_serviceklass"),
            False,
            "Lowest service class (id) that meets the needs; empty: derived from the needs.",
        ),
        _C(
            "required_features",
            "list",
            ("required_features", "vaaditut_ominaisuudet", "krävda_egenskaper"),
            False,
            "Unit features required, ';'-separated; empty: derived from the needs; '-': none.",
        ),
        _C(
            "acceptable_municipalities",
            "list",
            ("acceptable_municipalities", "hyväksytyt_kunnat", "godtagbara_kommuner"),
            False,
            "Municipalities where unranked units are acceptable, ';'-separated; empty: any.",
        ),
        _C(
            "only_ranked",
            "bool",
            ("only_ranked", "vain_toivotut", "endast_önskade"),
            False,
            "Accept ranked units only: yes/no (kyllä/ei, ja/nej); empty: no.",
        ),
        _C(
            "max_distance_km",
            "number",
            ("max_distance_km", "enimmäismatka_km", "största_avstånd_km"),
            False,
            "Largest acceptable distance (km) to an unranked unit; empty: no limit.",
        ),
        _C(
            "excluded_units",
            "list",
            ("excluded_units", "poissuljetut_yksiköt", "uteslutna_enheter"),
            False,
            "Units the client must never be placed in, ';'-separated.",
        ),
        _C(
            "linked_with",
            "list",
            ("linked_with", "asuu_yhdessä", "bor_tillsammans"),
            False,
            "Clients who must live in the same unit, ';'-separated.",
        ),
        _C(
            "incompatible_with",
            "list",
            ("incompatible_with", "ei_samaan", "inte_tillsammans"),
            False,
            "Clients or residents the client must not live with, ';'-separated.",
        ),
        _C("age", "whole", ("age", "ikä", "ålder"), False, "Age in years."),
        _C(
            "tags",
            "list",
            ("tags", "tunnisteet", "taggar"),
            False,
            "Attributes counted by units' composition limits, ';'-separated.",
        ),
        _C(
            "needs",
            "needs",
            ("needs.<domain>", "tarve.<domain>", "behov.<domain>"),
            False,
            "One column per needs domain (needs.physical, ...): 0 no need to 4 full help; empty: "
            "not assessed. The rules that turn them into requirements: the needs_mapping sheet.",
        ),
    ),
    "One row per client in the queue.",
)
UNITS = Sheet(
    "units",
    ("units", "yksiköt", "enheter"),
    (
        _C("id", "text", ("id", "yksikkö", "enhet", "unit_id", "unit"), True, "Unit id."),
        _C("name", "text", ("name", "nimi", "namn"), False, "Name."),
        _C(
            "provider",
            "text",
            ("provider", "palveluntuottaja", "serviceproducent"),
            False,
            "Service provider.",
        ),
        _C(
            "municipality",
            "text",
            ("municipality", "kunta", "kommun"),
            True,
            "Municipality the unit is in (Finnish or Swedish name, or code).",
        ),
        _C(
            "lat",
            "number",
            ("lat", "leveysaste", "latitud", "latitude"),
            True,
            "Latitude, decimal degrees (WGS84).",
        ),
        _C(
            "lon",
            "number",
            ("lon", "pituusaste", "longitud", "longitude"),
            True,
            "Longitude, decimal degrees (WGS84).",
        ),
        _C(
            "capacity",
            "whole",
            ("capacity", "paikat", "platser"),
            True,
            "Number of places (flats), residents included.",
        ),
        _C(
            "offers",
            "prices",
            ("offers", "palveluluokat", "serviceklasser"),
            True,
            "Service classes offered, ';'-separated, each with the unit's own price in EUR/day "
            "if it has one: '24h-1=150; 24h-2'.",
        ),
        _C(
            "features",
            "list",
            ("features", "ominaisuudet", "egenskaper"),
            False,
            "Features, ';'-separated (wheelchair_accessible; night_staff_awake; ...).",
        ),
        _C(
            "opens_on",
            "date",
            ("opens_on", "avautuu", "öppnar"),
            False,
            "For a unit not open yet: the first day anyone may move in.",
        ),
        _C(
            "age_min",
            "whole",
            ("age_min", "ikä_vähintään", "ålder_minst"),
            False,
            "Youngest newcomer accepted (years).",
        ),
        _C(
            "age_max",
            "whole",
            ("age_max", "ikä_enintään", "ålder_högst"),
            False,
            "Oldest newcomer accepted (years).",
        ),
        _C(
            "composition",
            "limits",
            ("composition", "kokoonpano", "sammansättning"),
            False,
            "Composition limits 'tag=at_most', ';'-separated: 'challenging_behaviour_support=2'.",
        ),
        _C(
            "priority",
            "list",
            ("priority", "etusija", "förtur"),
            False,
            "Priority rules, ';'-separated: same_municipality.",
        ),
    ),
    "One row per housing unit.",
)
RESIDENTS = Sheet(
    "residents",
    ("residents", "asukkaat", "boende"),
    (
        _C(
            "unit",
            "text",
            ("unit", "yksikkö", "enhet", "unit_id"),
            True,
            "Unit the resident lives in (a unit id).",
        ),
        _C(
            "id",
            "text",
            ("id", "asukas", "boende", "resident_id", "resident"),
            True,
            "Pseudonymous resident id.",
        ),
        _C(
            "tags",
            "list",
            ("tags", "tunnisteet", "taggar"),
            False,
            "Attributes counted by composition limits, ';'-separated.",
        ),
        _C("age", "whole", ("age", "ikä", "ålder"), False, "Age in years."),
        _C(
            "leaves_on",
            "date",
            ("leaves_on", "muuttaa_pois", "flyttar_ut"),
            False,
            "Known move-out day; the place is free from then.",
        ),
    ),
    "One row per current resident; each occupies one place of their unit.",
)
PREFERENCES = Sheet(
    "preferences",
    ("preferences", "toiveet", "önskemål"),
    (
        _C("client", "text", ("client", "asiakas", "klient", "client_id"), True, "Client id."),
        _C(
            "preferences",
            "groups",
            ("preferences", "toiveet", "önskemål", "units"),
            True,
            "Units in order of preference, ';'-separated, best first; tied units joined with "
            "'|': 'u1|u2; u3'. Several rows of one client continue the list.",
        ),
    ),
    "The clients' ranked wishes; a client without a row ranks no unit.",
)
SERVICE_CLASSES = Sheet(
    "service_classes",
    ("service_classes", "palveluluokat", "serviceklasser"),
    (
        _C("id", "text", ("id", "palveluluokka", "serviceklass"), True, "Class id."),
        _C("name", "text", ("name", "nimi", "namn"), False, "Name."),
        _C(
            "level",
            "whole",
            ("level", "taso", "nivå"),
            True,
            "Position on the ladder, 1 the least intensive.",
        ),
        _C(
            "daily_price",
            "number",
            ("daily_price", "päivähinta", "dygnspris"),
            True,
            "Default price, EUR/day.",
        ),
        _C(
            "staffing",
            "text",
            ("staffing", "henkilöstö", "personal"),
            False,
            "Staffing description.",
        ),
    ),
    "The service-class ladder; leave the sheet out for the default ladder.",
)
SETTINGS = Sheet(
    "settings",
    ("settings", "asetukset", "inställningar"),
    (
        _C(
            "key",
            "text",
            ("key", "avain", "nyckel"),
            True,
            "name, reference_date, horizon_days, municipalities, weights.urgency "
            "('1=1; 2=2; 3=4'), weights.waited_per_day, weights.delay_per_day, "
            "weights.rank_step, weights.per_km, weights.per_eur_day; needs_mapping (JSON) only "
            "instead of the needs_mapping sheet.",
        ),
        _C("value", "raw", ("value", "arvo", "värde"), False, "The setting's value."),
    ),
    "Two columns, key and value; reference_date is required.",
)
SCENARIO = Sheet(
    "scenario",
    ("scenario", "skenaario", "scenario"),
    (
        _C(
            "key",
            "text",
            ("key", "avain", "nyckel"),
            True,
            "add_places (UNIT:CLASS:N or MUNICIPALITY:CLASS:N), close_unit (UNIT), "
            "arrival_rate (X or MUNICIPALITY:X), policy, years: see placement simulate --help.",
        ),
        _C("value", "raw", ("value", "arvo", "värde"), False, "The what-if's value."),
    ),
    "What-ifs for placement simulate, one per row, the same as its flags; not part of the problem.",
)
"""The what-ifs of ``placement simulate`` (read by :func:`~placement.io.read_scenario_sheet`)."""
SHEETS = (CLIENTS, UNITS, RESIDENTS, PREFERENCES, SERVICE_CLASSES, NEEDS_RULES, SETTINGS)
"""Every sheet, in the order the writers write them."""
SETTING_KEYS = (
    "name",
    "reference_date",
    "horizon_days",
    "municipalities",
    "weights.urgency",
    "weights.waited_per_day",
    "weights.delay_per_day",
    "weights.rank_step",
    "weights.per_km",
    "weights.per_eur_day",
    "needs_mapping",
)
"""Keys of the settings sheet."""
