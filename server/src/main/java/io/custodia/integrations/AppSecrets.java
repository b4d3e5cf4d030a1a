package io.custodia.integrations;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How app secrets are stored and checked. While a rotation's overlap window is open, the client
 * the authorisation server looks up carries two hashes, the new secret's and the replaced one's;
 * a presented secret passes if it matches either. Outside the window it carries one.
 */
final class AppSecrets implements PasswordEncoder {
    static final AppSecrets INSTANCE = new AppSecrets();

    // Encoded hashes ({bcrypt}$2a$...) hold no space, so a space can separate two.
    private static final String BETWEEN = " ";
    private static final PasswordEncoder HASHES = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private AppSecrets() {}

    /** The hashes a client carries: the current one, and the replaced one while its window is open. */
    static String both(String current, String previousWhileOpen) {
        return previousWhileOpen == null ? current : current + BETWEEN + previousWhileOpen;
    }

    @Override
    public String encode(CharSequence secret) {
        return HASHES.encode(secret);
    }

    @Override
    public boolean matches(CharSequence presented, String stored) {
        if (presented == null || stored == null) {
            return false;
        }
        for (String hash : stored.split(BETWEEN)) {
            if (HASHES.matches(presented, hash)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean upgradeEncoding(String stored) {
        // Apps are saved through the API only (Apps.save refuses), so no hash is rewritten on a check.
        return false;
    }
}
