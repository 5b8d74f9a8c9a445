CREATE TABLE records (
	kind    TEXT NOT NULL,
	id      TEXT NOT NULL,
	version INTEGER NOT NULL,
	state   TEXT NOT NULL,
	data    TEXT NOT NULL,
	updated TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (kind, id)
);

CREATE INDEX records_state ON records (kind, state);

CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);

CREATE TABLE signers (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	role        TEXT NOT NULL,
	key_blob    BYTEA NOT NULL,
	failed_pins INTEGER NOT NULL DEFAULT 0,
	locked      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE delegations (
	delegator  TEXT NOT NULL REFERENCES signers (id),
	substitute TEXT NOT NULL REFERENCES signers (id),
	starts     TIMESTAMPTZ NOT NULL,
	ends       TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (delegator, substitute, starts)
);

CREATE TABLE approvals (
	flow_id    TEXT NOT NULL,
	step       INTEGER NOT NULL,
	signer     TEXT NOT NULL,
	signed_by  TEXT NOT NULL,
	request_id TEXT NOT NULL,
	at         TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (flow_id, step, signer)
);
