package io.custodia.directory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An ID token's claims as the provider sent them, types included. Spring Security's client checked
 * the token (signature, issuer, audience, expiry, nonce) and converts some claims on the way
 * ("true" becomes true); what we trust ({@code email}, {@code email_verified}) must be of the type
 * the standard gives it, so it is read from the token itself.
 */
final class IdTokenClaims {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IdTokenClaims() {}

    /** The payload of the (already verified) token; an empty object when it cannot be read. */
    static JsonNode asSent(OidcIdToken token) {
        String[] parts = token.getTokenValue().split("\\.", -1);
        if (parts.length < 2) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JacksonException unreadable) {
            return JSON.createObjectNode();
        }
    }
}
