"""Procedure search tolerant of missing diacritics and of d for đ.

The stored columns `search_name` and `search_text` hold the folded text (motcua.text.fold)
padded with spaces, so " token" matches a word or the start of a word on any database. Ranking
is an SQL expression, identical on SQLite and PostgreSQL: an exact name beats a name starting
with the phrase, which beats a name containing it, which beats names holding the words apart;
curated keywords count; active procedures come before abolished ones; then shorter names.

Why not PostgreSQL full-text search here: a province's catalog is a few thousand rows, the
folded-column scan answers in a few milliseconds (bench/search_catalog.py), and behaving the
same on the embedded SQLite matters more than stemming, which Vietnamese does not need.
"""

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Length
from django.utils import timezone

from motcua.text import search_key


def search(queryset, query):
    """Filter and order a Procedure queryset by a free-text query."""
    toks = search_key(query).split()[:12]
    if not toks:
        return queryset.order_by("field__name", "name")
    phrase = " ".join(toks)
    all_words = Q()
    for tok in toks:
        all_words &= Q(search_text__contains=f" {tok}")
    matched = queryset.filter(all_words)
    if len(toks) > 1 and not matched.exists():
        # Nothing has every word: fall back to any word, ranked by how many match.
        any_word = Q()
        for tok in toks:
            any_word |= Q(search_text__contains=f" {tok}")
        matched = queryset.filter(any_word)
    today = timezone.localdate()
    score = Case(
        When(code__iexact=query.strip(), then=Value(5000)),
        When(search_name=f" {phrase} ", then=Value(1000)),
        When(search_name__startswith=f" {phrase} ", then=Value(500)),
        When(search_name__contains=f" {phrase} ", then=Value(300)),
        default=Value(0), output_field=IntegerField(),
    )
    for tok in toks:
        score = score + Case(
            When(search_name__contains=f" {tok}", then=Value(20)),
            When(search_text__contains=f" {tok}", then=Value(5)),
            default=Value(0), output_field=IntegerField(),
        )
    # A curated keyword phrase ("giay phep xay dung" on the main building-permit procedure)
    # lifts the procedure people mean over its variants (renewal, amendment).
    score = score + Case(
        When(search_keywords__contains=f"| {phrase} |", then=Value(250)),
        When(search_keywords__contains=f" {phrase}", then=Value(100)),
        default=Value(0), output_field=IntegerField(),
    )
    score = score + Case(
        When(Q(abolished_on__isnull=False) & Q(abolished_on__lte=today), then=Value(-2000)),
        default=Value(0), output_field=IntegerField(),
    )
    return matched.annotate(score=score, name_length=Length("search_name")).order_by(
        F("score").desc(), "name_length", "code"
    )
