"""Django database engine for the embedded PostgreSQL: the stock backend, started lazily."""

from django.db.backends.postgresql import base

from config import embedded


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict:
        params = super().get_connection_params()
        server = embedded.postgres()
        params.update(host=server.host, port=server.port, user=server.user)
        return params
