"""kg: a knowledge-graph builder for Russian-language political news."""

__version__ = "0.1.0"
