"""The desktop application (PySide6). Talks to the data only through ``clipper.core``'s API."""
