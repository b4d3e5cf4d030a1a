package io.custodia.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Two ways into the database: the schema owner, which runs the migrations, and the application's
 * pool, which works as a role that neither owns the tables nor is a superuser, so that row-level
 * security (migration V14) holds for every query it makes. The embedded database creates that role
 * itself; with an external database, name it with {@code CUSTODIA_DATABASE_APPUSER}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CustodiaProperties.class)
class DatabaseConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);
    private static final String EMBEDDED_APP_ROLE = "custodia_app";

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(CustodiaProperties properties) {
        CustodiaProperties.Database db = properties.database();
        if (db.external()) {
            boolean separate = db.appUser() != null && !db.appUser().isBlank();
            return new DatabaseServer(
                    db.url(),
                    db.user(),
                    db.password(),
                    db.url(),
                    separate ? db.appUser() : db.user(),
                    separate ? db.appPassword() : db.password(),
                    null);
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(properties.dataDir(), db.memory());
        return new DatabaseServer(
                embedded.jdbcUrl(),
                embedded.user(),
                null,
                embedded.jdbcUrl(EMBEDDED_APP_ROLE),
                EMBEDDED_APP_ROLE,
                null,
                embedded);
    }

    /** The schema owner: migrations, and granting the application's role what it needs. */
    @Bean(destroyMethod = "close")
    @FlywayDataSource
    HikariDataSource schemaOwner(DatabaseServer server) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(server.url());
        ds.setUsername(server.user());
        ds.setPassword(server.password());
        ds.setMaximumPoolSize(2);
        ds.setMinimumIdle(0);
        ds.setPoolName("custodia-owner");
        return ds;
    }

    @Bean(destroyMethod = "close")
    @Primary
    TenantScopedDataSource dataSource(DatabaseServer server, HikariDataSource schemaOwner) {
        prepareApplicationRole(server, schemaOwner);
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(server.appUrl());
        ds.setUsername(server.appUser());
        ds.setPassword(server.appPassword());
        ds.setMaximumPoolSize(20);
        ds.setPoolName("custodia");
        // Every query here is prepared once per connection and run many times with other values, and
        // the list queries' plans (index walks with an inlined LIMIT) do not depend on those values.
        // Left to choose, PostgreSQL kept re-planning a page of a department under a condition (26
        // branches) on every execution: a millisecond of planning for a millisecond of work.
        ds.setConnectionInitSql("set plan_cache_mode = force_generic_plan");
        // Prepared on the server from the first execution, not the fifth (the driver's default): a
        // list whose shape a move changed was planned anew on each of its next five requests.
        ds.addDataSourceProperty("prepareThreshold", "1");
        return new TenantScopedDataSource(ds);
    }

    /**
     * Creates the embedded database's application role when missing, and grants the application's
     * role the use of every table: those there now, and (by default privileges) those later
     * migrations create. Nothing more: it cannot alter the schema nor escape row-level security.
     */
    private static void prepareApplicationRole(DatabaseServer server, DataSource owner) {
        if (server.appUser().equals(server.user())) {
            warnIfTheWallIsDown(server, owner);
            return;
        }
        String role = "\"" + server.appUser().replace("\"", "\"\"") + "\"";
        try (Connection c = owner.getConnection();
                Statement s = c.createStatement()) {
            if (server.embedded() != null) {
                try (ResultSet rs =
                        s.executeQuery("select 1 from pg_roles where rolname = '" + EMBEDDED_APP_ROLE + "'")) {
                    if (!rs.next()) {
                        s.execute("create role " + EMBEDDED_APP_ROLE + " login nosuperuser nobypassrls nocreaterole");
                    }
                }
            }
            s.execute("grant usage on schema public to " + role);
            s.execute("grant select, insert, update, delete on all tables in schema public to " + role);
            s.execute("grant usage, select on all sequences in schema public to " + role);
            s.execute("alter default privileges in schema public grant select, insert, update, delete on tables to "
                    + role);
            s.execute("alter default privileges in schema public grant usage, select on sequences to " + role);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not grant the application's role " + server.appUser() + " its privileges: " + e.getMessage(),
                    e);
        }
    }

    /** One role for both migrations and work: row-level security holds unless that role bypasses it. */
    private static void warnIfTheWallIsDown(DatabaseServer server, DataSource owner) {
        try (Connection c = owner.getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("select rolsuper or rolbypassrls from pg_roles where rolname = current_user")) {
            if (rs.next() && rs.getBoolean(1)) {
                log.warn(
                        "The server works as {}, which bypasses row-level security: the database no longer walls"
                                + " workspaces off from each other; set CUSTODIA_DATABASE_APPUSER to a role of its own",
                        server.user());
            } else {
                log.info(
                        "The server works as {}, the role that runs the migrations; row-level security holds (it is"
                                + " forced on owners too), and a separate CUSTODIA_DATABASE_APPUSER owning nothing is"
                                + " safer still",
                        server.user());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the role of " + server.user() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where the database is, as the schema owner and as the application, and the embedded server to
     * stop at shutdown (after the pools close).
     */
    record DatabaseServer(
            String url,
            String user,
            String password,
            String appUrl,
            String appUser,
            String appPassword,
            EmbeddedDatabase embedded)
            implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
