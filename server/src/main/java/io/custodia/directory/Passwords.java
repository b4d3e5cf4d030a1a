package io.custodia.directory;

import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing with Argon2id at OWASP's minimum parameters (19 MiB, 2 iterations, 1 lane), 16
 * bytes of salt and a 32-byte hash.
 */
@Component
public class Passwords {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;

    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(16, 32, PARALLELISM, MEMORY_KIB, ITERATIONS);
    // Verifying against this when there is no account costs what a real check costs, so timing
    // does not tell whether an e-mail is known.
    private final String decoy = encoder.encode("decoy password that matches nothing");
    private final SecureRandom random = new SecureRandom();

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /**
     * The hash of 256 random bits thrown away: the password of an account nobody signs in to with one
     * (created by SCIM or at a single sign-on). A real hash, so that checking a password against it
     * costs what any check costs and tells nothing.
     */
    public String unusable() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return encoder.encode(Base64.getEncoder().encodeToString(secret));
    }

    /** Spends the time of one verification without an account. */
    public void verifyNothing(String password) {
        encoder.matches(password, decoy);
    }
}
