"""The first guess at a text's language, from its script and commonest words."""

import pytest

from clipper.core.capture.language import guess_language


@pytest.mark.parametrize("text, language", [
    ("China urges joint efforts with Japan and the region in science", "en"),
    ("שָׁלוֹם עֲלֵיכֶם, זה טקסט בעברית על הפוליטיקה", "he"),
    ("هذا نص عربي عن السياسة في لبنان", "ar"),
    ("این یک متن فارسی است که درباره سیاست ایران نوشته شده", "fa"),
    ("یہ اردو میں ایک مضمون ہے جو پاکستان کی سیاست کے بارے میں ہے", "ur"),
    ("यह हिंदी में एक लेख है", "hi"),
    ("중국은 과학기술 분야에서 협력을 촉구했다", "ko"),
    ("12345 67890", None),
])
def test_a_texts_language_is_guessed_from_its_script(text, language):
    assert guess_language(text) == language
