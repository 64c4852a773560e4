"""Bookkeeping about the data itself, not the council's business."""
from __future__ import annotations

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db


class DataVersion(db.Model):
    """One row whose value changes, to a new random number, in every transaction that
    writes (tracker.caching): each server process keeps what it worked out for that value,
    and knows it is out of date the moment the value changes. Random rather than counted, so
    a restored or emptied database never repeats a value a process has seen."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
