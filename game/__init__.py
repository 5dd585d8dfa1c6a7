"""Ambassador: a turn-based game about the CPSU directive of 4 March 1980, 'About the China Question'."""

__version__ = "0.1.0"
