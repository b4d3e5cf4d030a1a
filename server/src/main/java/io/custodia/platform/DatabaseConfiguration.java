package io.custodia.platform;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one DataSource: the external PostgreSQL when configured, else the embedded one. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CustodiaProperties.class)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(CustodiaProperties properties) {
        CustodiaProperties.Database db = properties.database();
        if (db.external()) {
            return new DatabaseServer(db.url(), db.user(), db.password(), null);
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(properties.dataDir(), db.memory());
        return new DatabaseServer(embedded.jdbcUrl(), embedded.user(), null, embedded);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseServer server) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(server.url());
        ds.setUsername(server.user());
        ds.setPassword(server.password());
        ds.setMaximumPoolSize(20);
        ds.setPoolName("custodia");
        return ds;
    }

    /** Where the database is, and the embedded server to stop at shutdown (after the pool closes). */
    record DatabaseServer(String url, String user, String password, EmbeddedDatabase embedded)
            implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
