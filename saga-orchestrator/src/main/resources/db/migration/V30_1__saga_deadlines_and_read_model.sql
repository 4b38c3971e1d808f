-- db-scheduler's table (PostgreSQL DDL of db-scheduler 16): the saga's deadlines live here and survive restarts.
-- Not needed by jOOQ (and H2, which generates the jOOQ classes, cannot index text columns).
-- [jooq ignore start]
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
-- [jooq ignore stop]

-- The saga read model, written by the saga itself in the transaction that stores its state.
create table saga_instances (
    order_id             uuid                     not null primary key,
    saga_id              varchar(64)              not null unique,
    customer_id          uuid                     not null,
    state                varchar(16)              not null,
    current_step         varchar(32),
    started_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    last_error           varchar(1000),
    -- A saga event handler threw: the event (serialized by Axon) and the error are kept to be retried.
    failed               boolean                  not null default false,
    failure_event_type   varchar(300),
    failure_at           timestamp with time zone,
    failure_error        varchar(1000),
    failure_payload      text,
    failure_payload_type varchar(300),
    failure_message_id   varchar(64),
    failure_timestamp    timestamp with time zone
);
create index saga_instances_started_idx on saga_instances (started_at desc, saga_id desc);
create index saga_instances_state_idx on saga_instances (state, started_at desc);

create table saga_steps (
    step_no      bigserial                not null primary key,
    order_id     uuid                     not null,
    name         varchar(32)              not null,
    status       varchar(16)              not null,
    started_at   timestamp with time zone not null,
    at           timestamp with time zone not null,
    detail       varchar(1000),
    compensation boolean                  not null,
    unique (order_id, name)
);

create table saga_deadlines (
    order_id uuid                     not null,
    name     varchar(32)              not null,
    due_at   timestamp with time zone not null,
    primary key (order_id, name)
);
