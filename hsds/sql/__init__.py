"""SQL that the database keeps for the HSDS export, in versioned files: a change is a new file plus a migration."""

from pathlib import Path

from geo_accmr.sqlfiles import sql_reader

SQL_DIR = Path(__file__).resolve().parent
sql_file = sql_reader(SQL_DIR)
