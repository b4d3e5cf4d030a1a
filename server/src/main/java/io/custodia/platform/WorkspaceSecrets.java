package io.custodia.platform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Opaque bearer secrets that name their workspace: {@code <prefix><workspace>.<256 random bits>},
 * both parts base64url. The workspace part lets a request enter its workspace before the secret is
 * looked up; only the secret's SHA-256 is ever stored.
 */
public final class WorkspaceSecrets {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private WorkspaceSecrets() {}

    /** A new secret of the workspace. */
    public static String mint(String prefix, UUID workspaceId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        ByteBuffer ws = ByteBuffer.allocate(16);
        ws.putLong(workspaceId.getMostSignificantBits()).putLong(workspaceId.getLeastSignificantBits());
        // "." is outside the base64url alphabet, so it separates the two parts unambiguously.
        return prefix + B64.encodeToString(ws.array()) + "." + B64.encodeToString(secret);
    }

    /** The workspace a secret of this prefix names; empty for anything that is not one. */
    public static Optional<UUID> workspaceOf(String prefix, String token) {
        if (token == null || !token.startsWith(prefix) || token.length() > 200) {
            return Optional.empty();
        }
        String[] parts = token.substring(prefix.length()).split("\\.", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            byte[] ws = B64D.decode(parts[0]);
            if (ws.length != 16) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.wrap(ws);
            return Optional.of(new UUID(buffer.getLong(), buffer.getLong()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The SHA-256 of the text, in hexadecimal: what is stored of a secret. */
    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
