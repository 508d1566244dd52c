"""The texts of an offer or a profile that are embedded and compared (`vte.text` builds them)."""

from __future__ import annotations

from .models import Offer, Student
from .text import offer_mission_text, offer_text, student_text, student_wish_text


def text_of_offer(offer: Offer) -> str:
    return offer_text(offer.title, offer.description, offer.skills or [])


def mission_of_offer(offer: Offer) -> str:
    return offer_mission_text(offer.title, offer.description, offer.skills or [])


def text_of_student(student: Student) -> str:
    return student_text(student.programme, student.summary, student.skills or [])


def wish_of_student(student: Student) -> str:
    return student_wish_text(student.programme, student.summary)
