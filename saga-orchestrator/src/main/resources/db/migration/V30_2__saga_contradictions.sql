-- A saga whose state contradicts its order's (or its own journal): found by the saga's consistency check, which
-- compares each saga with the orders read model. NULL: none found. checked_at: when the check last looked; a
-- contradiction counts only while the saga has not changed since (updated_at <= checked_at).
alter table saga_instances add column contradiction varchar(1000);
alter table saga_instances add column checked_at timestamp with time zone;
-- [jooq ignore start]
create index saga_instances_checked_idx on saga_instances (checked_at nulls first);
-- [jooq ignore stop]
