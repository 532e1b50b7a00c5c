"""The rule-text grammar: lexicon, forms (Chinese), English forms, refusals, and the reading shown to users."""
