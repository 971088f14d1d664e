"""Linking: what each paragraph names (events, entities, glossary terms) and the
cross-reference panels between passages of different essays, with the sentence that
carries each shared point. Imports sources/ only."""
