-- uuid_generate_v5(namespace, name): the HSDS export makes attribute ids in SQL as hsds.serializers.attribute_id
-- does in Python (uuid5). uuid-ossp is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
