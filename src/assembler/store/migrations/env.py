"""Alembic's environment: run against the connection ``store.upgrade`` hands over, or a URL given
as ``alembic -x url=... upgrade head`` when run by hand."""
from alembic import context
from sqlalchemy import create_engine

from assembler.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    with create_engine(url).begin() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()
