CREATE TABLE organs (
	dir3 TEXT PRIMARY KEY,
	name TEXT NOT NULL
);

CREATE TABLE documents (
	id         INTEGER PRIMARY KEY,
	csv        TEXT NOT NULL UNIQUE,
	eni        TEXT NOT NULL UNIQUE,
	organ      TEXT NOT NULL REFERENCES organs (dir3),
	type_code  TEXT NOT NULL,
	origin     TEXT NOT NULL,
	reference  TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL,
	created    TIMESTAMP NOT NULL,
	state      TEXT NOT NULL,
	disclosure TEXT NOT NULL
);

CREATE TABLE versions (
	document_id INTEGER NOT NULL REFERENCES documents (id),
	version     INTEGER NOT NULL,
	object_key  TEXT NOT NULL UNIQUE,
	sha256      TEXT NOT NULL,
	size        INTEGER NOT NULL,
	producer    TEXT NOT NULL,
	created     TIMESTAMP NOT NULL,
	PRIMARY KEY (document_id, version)
);

CREATE TABLE signatures (
	id          INTEGER PRIMARY KEY,
	document_id INTEGER NOT NULL REFERENCES documents (id),
	version     INTEGER NOT NULL,
	signer      TEXT NOT NULL,
	role        TEXT NOT NULL,
	signed_at   TIMESTAMP NOT NULL,
	level       TEXT NOT NULL,
	certificate BLOB NOT NULL
);

CREATE TABLE audit_log (
	seq       INTEGER PRIMARY KEY,
	at        TIMESTAMP NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	subject   TEXT NOT NULL,
	detail    TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);
