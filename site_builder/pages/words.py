"""Small pieces of reader text shared by the views, the figures and the templates."""

from __future__ import annotations


def count_of(n: int, noun: str) -> str:
    """ "1 passage", "3 passages", "12,000 paragraphs": a number and its noun, singular or plural."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")
