"""Arabic counts: digits Western and Arabic-Indic, number words in their gender and case
forms, compounds, multipliers, vague counts and qualifiers. The number words of the
property tests are written by a generator of this file's own, not by the reader's data."""

from hypothesis import given, strategies as st

from warmonitor.extract.arabic.numbers import find_quantities
from warmonitor.extract.arabic.text import tokenize

_UNITS = {  # masculine, feminine forms of 1..10 as they stand before or after the noun
    1: ("واحد", "واحدة"), 2: ("اثنان", "اثنتان"), 3: ("ثلاثة", "ثلاث"), 4: ("أربعة", "أربع"),
    5: ("خمسة", "خمس"), 6: ("ستة", "ست"), 7: ("سبعة", "سبع"), 8: ("ثمانية", "ثماني"),
    9: ("تسعة", "تسع"), 10: ("عشرة", "عشر"),
}  # fmt: skip
_TENS = {  # nominative, accusative/genitive
    2: ("عشرون", "عشرين"), 3: ("ثلاثون", "ثلاثين"), 4: ("أربعون", "أربعين"), 5: ("خمسون", "خمسين"),
    6: ("ستون", "ستين"), 7: ("سبعون", "سبعين"), 8: ("ثمانون", "ثمانين"), 9: ("تسعون", "تسعين"),
}  # fmt: skip
_HUNDREDS = {1: "مئة", 2: "مئتان", 3: "ثلاثمئة", 4: "أربعمئة", 5: "خمسمئة", 6: "ستمئة", 7: "سبعمئة", 8: "ثمانمئة", 9: "تسعمئة"}
_ELEVEN = ("أحد عشر", "إحدى عشرة")
_TWELVE = ("اثنا عشر", "اثنتا عشرة")


def in_words(n: int, feminine: bool, case: int) -> str:
    """``n`` (1..999) in Arabic words: hundreds, then units before tens, joined by و."""
    hundreds, rest = divmod(n, 100)
    parts = [_HUNDREDS[hundreds]] if hundreds else []
    if rest == 11:
        parts.append(_ELEVEN[feminine])
    elif rest == 12:
        parts.append(_TWELVE[feminine])
    elif 13 <= rest <= 19:
        parts.append(_UNITS[rest - 10][feminine] + " " + ("عشرة" if feminine else "عشر"))
    elif rest >= 20:
        tens, unit = divmod(rest, 10)
        parts.append((_UNITS[unit][feminine] + " و" if unit else "") + _TENS[tens][case])
    elif rest:
        parts.append(_UNITS[rest][feminine])
    return " و".join(parts)


def counts(text):
    return [(q.count, q.qualifier, q.vague) for q in find_quantities(tokenize(text))]


@given(st.integers(min_value=1, max_value=999), st.booleans(), st.sampled_from([0, 1]))
def test_every_number_in_words_reads_back(n, feminine, case):
    words = in_words(n, feminine, case)
    assert counts(f"مقتل {words} شخصا") == [(n, "exact", None)], words


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=999))
def test_thousands_in_words_read_back(thousands, rest):
    words = f"{in_words(thousands, False, 0)} {'آلاف' if 3 <= thousands <= 10 else 'ألف'} و{in_words(rest, False, 0)}"
    if thousands in (1, 2):
        words = ("ألف" if thousands == 1 else "ألفين") + f" و{in_words(rest, False, 0)}"
    assert counts(words) == [(thousands * 1000 + rest, "exact", None)], words


@given(st.integers(min_value=0, max_value=10_000_000))
def test_arabic_indic_digits_read_as_western(n):
    indic = str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert counts(indic) == [(n, "exact", None)]


def test_thousands_separated_by_a_dot_or_comma():
    assert counts("ارتفعت الحصيلة إلى 12.504 قتلى") == [(12504, "exact", None)]
    assert counts("نحو 3,250 جريحا") == [(3250, "about", None)]
    assert counts("٢٬٤٠٠ شهيد") == [(2400, "exact", None)]


def test_a_count_times_a_thousand_or_a_million():
    assert counts("مقتل أكثر من 40 ألف شخص") == [(40000, "more_than", None)]
    assert counts("نزوح 1.5 مليون") == [(1500000, "exact", None)]
    assert counts("ثلاثة آلاف") == [(3000, "exact", None)]


def test_qualifiers_before_the_count():
    assert counts("ما لا يقل عن 17") == [(17, "at_least", None)]
    assert counts("أكثر من عشرين") == [(20, "more_than", None)]
    assert counts("حوالي 60") == [(60, "about", None)]
    assert counts("قرابة 90") == [(90, "nearly", None)]


def test_vague_counts_keep_their_words():
    assert counts("سقوط عشرات الضحايا") == [(None, "exact", "عشرات")]
    assert counts("وعدد من الجرحى") == [(None, "exact", "عدد من")]


def test_words_that_look_like_numbers_are_not_counts():
    assert counts("يوم الأحد") == []  # Sunday, not "one"
    assert counts("أحد المسلحين") == []  # "one of", told with its noun
    assert counts("بعدها") == []  # "after it", not عدة
