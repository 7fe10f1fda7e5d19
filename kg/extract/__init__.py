"""Rule-based extraction of facts from a spaCy Doc, one module per fact kind."""
