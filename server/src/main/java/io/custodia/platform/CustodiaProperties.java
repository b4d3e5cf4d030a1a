package io.custodia.platform;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the server, bound from {@code custodia.*} or the matching environment variable
 * ({@code CUSTODIA_DATABASE_URL} and so on). The README lists them all.
 */
@ConfigurationProperties("custodia")
public record CustodiaProperties(Database database, Path dataDir, Signup signup, Auth auth, Http http) {

    public CustodiaProperties {
        database = database == null ? new Database(null, null, null, null, null, null) : database;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        signup = signup == null ? Signup.OPEN : signup;
        auth = auth == null ? new Auth(null, 0, 0, null) : auth;
        http = http == null ? new Http(null, null) : http;
    }

    /**
     * An external PostgreSQL; when {@code url} is empty the embedded one starts, with {@code memory}
     * as its buffer cache (shared_buffers, 256MB unless set): lists read fastest when their tables'
     * hot rows fit in it. {@code user} owns the schema (migrations run as it); the server works as
     * {@code appUser}, a role that neither owns the tables nor is a superuser, so that row-level
     * security holds for it. The embedded database creates that role itself.
     */
    public record Database(
            String url, String user, String password, String appUser, String appPassword, DataSize memory) {
        public Database {
            memory = memory == null ? DataSize.ofMegabytes(256) : memory;
            if (memory.toMegabytes() < 16) {
                throw new IllegalArgumentException("custodia.database.memory must be at least 16MB");
            }
        }

        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    public enum Signup {
        OPEN,
        CLOSED
    }

    /**
     * Sign-in: token lifetime, and how many failed sign-ins an account or a client address may
     * make within the window before it is throttled.
     */
    public record Auth(
            Duration tokenTtl, int maxFailuresPerAccount, int maxFailuresPerAddress, Duration failureWindow) {
        public Auth {
            tokenTtl = tokenTtl == null ? Duration.ofHours(12) : tokenTtl;
            maxFailuresPerAccount = maxFailuresPerAccount <= 0 ? 5 : maxFailuresPerAccount;
            maxFailuresPerAddress = maxFailuresPerAddress <= 0 ? 20 : maxFailuresPerAddress;
            failureWindow = failureWindow == null ? Duration.ofMinutes(15) : failureWindow;
        }
    }

    /** The largest request body accepted, and the largest CSV import. */
    public record Http(DataSize maxBodySize, DataSize maxImportSize) {
        public Http {
            maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
            maxImportSize = maxImportSize == null ? DataSize.ofMegabytes(50) : maxImportSize;
        }
    }
}
