"""The ORM models, split by area; import them from here."""

from .accounts import ApiToken, LoginFailure, OutboxEmail, SchoolInvitation
from .base import TimestampMixin, as_utc, utcnow
from .geography import Commune, CommuneAlias, Departement, Epci, Naf, Postcode, Region
from .offers import Application, ApplicationEvent, ApplyInvitation, Offer, Placement
from .people import Company, School, Student, User
from .search import EmbeddingCache, IndexChange
from .territories import Territoire, TerritoireCommune, TerritoireEpci, TerritoireList
from .verification import AccountToken, FavouriteOffer, SavedSearch

__all__ = [
    "AccountToken",
    "ApiToken",
    "LoginFailure",
    "OutboxEmail",
    "SchoolInvitation",
    "Application",
    "ApplicationEvent",
    "ApplyInvitation",
    "Commune",
    "CommuneAlias",
    "Company",
    "Departement",
    "EmbeddingCache",
    "FavouriteOffer",
    "IndexChange",
    "Epci",
    "Naf",
    "Offer",
    "Placement",
    "Postcode",
    "Region",
    "SavedSearch",
    "School",
    "Student",
    "Territoire",
    "TerritoireCommune",
    "TerritoireEpci",
    "TerritoireList",
    "TimestampMixin",
    "User",
    "as_utc",
    "utcnow",
]
