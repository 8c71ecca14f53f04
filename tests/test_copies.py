"""Copies of one story: shingles and the MinHash signature that finds candidates."""

from hypothesis import given, settings, strategies as st

from warmonitor.store.copies import PERMUTATIONS, containment, fingerprint, shingles, signature


def test_shingles_are_five_word_runs_in_lower_case():
    assert shingles("A B c d E f") == {"a b c d e", "b c d e f"}


def test_a_republished_story_with_a_new_headline_is_contained_in_the_first():
    story = " ".join(f"word{n}" for n in range(200))
    republished = "New headline here. " + story
    assert containment(shingles(story), shingles(republished)) == 1.0


def test_identical_texts_share_every_band_and_unrelated_texts_almost_none():
    story = " ".join(f"word{n}" for n in range(300))
    other = " ".join(f"term{n}" for n in range(300))
    assert fingerprint(story).bands == fingerprint(story + " ").bands
    assert len(set(fingerprint(story).bands) & set(fingerprint(other).bands)) <= 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=0, max_size=60))
def test_the_signature_is_datasketchs_minhash_value_for_value(words):
    # Stores written before (with datasketch's MinHash) must keep finding copies.
    from datasketch import MinHash

    shingled = shingles(" ".join(words))
    reference = MinHash(num_perm=PERMUTATIONS)
    reference.update_batch([s.encode() for s in shingled])
    ours = signature(shingled)
    assert ours.dtype == reference.hashvalues.dtype
    assert ours.tolist() == reference.hashvalues.tolist()
