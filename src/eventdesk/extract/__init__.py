"""Field extractors: each reads a sentence or a document and returns plain values with spans."""
