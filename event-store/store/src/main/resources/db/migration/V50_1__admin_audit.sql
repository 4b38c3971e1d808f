-- The admin audit log (issue 8): who did what to which thing, when. Append-only; read newest first by id.
CREATE TABLE admin_audit
(
    id     BIGSERIAL PRIMARY KEY,
    at     TIMESTAMP WITH TIME ZONE NOT NULL,
    actor  VARCHAR(500)             NOT NULL,
    action VARCHAR(500)             NOT NULL,
    target VARCHAR(500),
    detail VARCHAR(500)
);
CREATE INDEX admin_audit_actor ON admin_audit (actor, id);
CREATE INDEX admin_audit_action ON admin_audit (action, id);
CREATE INDEX admin_audit_at ON admin_audit (at);
