"""Create the PostgreSQL database a URL names, if missing (--fresh: drop it first).

Used by `make bench`: python scripts/create_database.py [--fresh] postgres://host/name
"""

import sys
import urllib.parse

import psycopg


def main(arguments):
    fresh = "--fresh" in arguments
    (url,) = [argument for argument in arguments if argument != "--fresh"]
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as server:
        if fresh:
            server.execute(f'drop database if exists "{name}"')
        if not server.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            server.execute(f'create database "{name}"')
            print("Created database", name)


if __name__ == "__main__":
    main(sys.argv[1:])
