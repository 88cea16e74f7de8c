"""Input models (pydantic v2): one concept per module."""

from placement.model.client import Client
from placement.model.geo import (
    DISTANCE_TOLERANCE_KM,
    EARTH_RADIUS_KM,
    Point,
    haversine_km,
    haversine_km_array,
)
from placement.model.needs import DEFAULT_NEEDS_MAPPING, NEEDS_DOMAINS, NeedRule, NeedsMapping
from placement.model.overrides import Overrides
from placement.model.problem import Problem, Requirements
from placement.model.service_class import DEFAULT_SERVICE_CLASSES, ServiceClass
from placement.model.unit import CompositionRule, Resident, Unit, Vacancy
from placement.model.weights import Weights

__all__ = [
    "DEFAULT_NEEDS_MAPPING",
    "DEFAULT_SERVICE_CLASSES",
    "DISTANCE_TOLERANCE_KM",
    "EARTH_RADIUS_KM",
    "NEEDS_DOMAINS",
    "Client",
    "CompositionRule",
    "NeedRule",
    "NeedsMapping",
    "Overrides",
    "Point",
    "Problem",
    "Requirements",
    "Resident",
    "ServiceClass",
    "Unit",
    "Vacancy",
    "Weights",
    "haversine_km",
    "haversine_km_array",
]
