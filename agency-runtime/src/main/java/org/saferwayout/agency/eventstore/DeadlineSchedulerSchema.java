package org.saferwayout.agency.eventstore;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;

/**
 * db-scheduler's table in the private database, where Axon's {@code DbSchedulerDeadlineManager} keeps every
 * pending deadline (a referral's acknowledgement and expiry, a consent's end). The row is written in the
 * same transaction as the events of the command that scheduled it, so a deadline is never lost to a
 * restart or a kill -9, and exactly one instance of a scaled-out service fires it.
 *
 * <p>db-scheduler's PostgreSQL DDL; it runs unchanged on H2 in MODE=PostgreSQL. Created before the
 * scheduler starts (it starts once the context is ready).
 */
@Component
class DeadlineSchedulerSchema implements InitializingBean {

    private static final String[] DDL = {
            """
            CREATE TABLE IF NOT EXISTS scheduled_tasks (
              task_name text NOT NULL,
              task_instance text NOT NULL,
              task_data bytea,
              execution_time timestamp with time zone NOT NULL,
              picked boolean NOT NULL,
              picked_by text,
              last_success timestamp with time zone,
              last_failure timestamp with time zone,
              consecutive_failures int,
              last_heartbeat timestamp with time zone,
              version bigint NOT NULL,
              priority smallint,
              PRIMARY KEY (task_name, task_instance))""",
            "CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time)",
            "CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat)",
            "CREATE INDEX IF NOT EXISTS priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)"
    };

    private final JdbcTemplate privateDatabase;

    DeadlineSchedulerSchema(DataSource privateDataSource) {
        this.privateDatabase = new JdbcTemplate(privateDataSource);
    }

    @Override
    public void afterPropertiesSet() {
        for (String statement : DDL) {
            privateDatabase.execute(statement);
        }
    }
}
