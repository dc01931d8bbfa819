"""Server-rendered pages, one module per feature. Thin: forms validate, services and
selectors do the work; no ORM here."""
